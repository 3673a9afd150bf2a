/**
 * Saved groups (a filter under a name) and the filter builder that edits any filter.
 *
 * A screen that chooses customers embeds the builder in three steps:
 * 1. `filterBuilderView(context, locale, { filter })` → pass it to the view as `builder`;
 * 2. in the view's form: `<%~ include('/shared/filter-builder', it) %>`;
 * 3. on the post: `readPostedFilter(req.body, context.services.filters)`.
 * The preview endpoint and the builder's files are the app's own: mount them with
 * `groupRoutes` and `filterBuilderAssets` (every app does).
 */
export { builderAssetUrls, filterBuilderAssets } from './assets.js';
export {
  builderFields,
  filterBuilderView,
  inputKind,
  type BuilderField,
  type FilterBuilderOptions,
  type FilterBuilderView,
  type InputKind,
} from './builder.js';
export { describeFilter } from './describe.js';
export { cleanGroupName, groupNameKey, GROUP_NAME_MAX } from './names.js';
export { postedFilterInput, readPostedFilter } from './posted.js';
export { previewFilter, PREVIEW_LIMIT, type FilterPreview, type PreviewMatch } from './preview.js';
export { groupRoutes } from './routes.js';
export type { GroupPermissions } from './screens.js';
export { GroupStore } from './store.js';
export type { GroupChange, NewGroup, PresetGroup, SavedGroup } from './types.js';
