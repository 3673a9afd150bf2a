/**
 * The screens the E-mail and SMS apps share: message templates and campaigns, as route
 * factories an app mounts on its own router with its own permissions.
 *
 * ```ts
 * templateRoutes(routes, context, { channel: 'sms', view: 'sms.view', manage: 'sms.manage' });
 * campaignRoutes(routes, context, { channel: 'sms', view: 'sms.view', manage: 'sms.manage',
 *   accounts: { list: async () => … } });
 * ```
 *
 * The campaign form embeds the filter builder, whose preview endpoint and files come from
 * `groupRoutes` and `filterBuilderAssets` (src/core/groups): mount those too.
 */
export { campaignRoutes } from './campaign-routes.js';
export type { ProgressView } from './campaign-progress.js';
export { localToInstant, instantToLocal, type LocalDateTime } from './local-time.js';
export { smsAlphabet, type SmsAlphabet } from './sms-alphabet.js';
export { templateRoutes } from './template-routes.js';
export type { PreviewIssue, TemplatePreview } from './template-preview.js';
export { TemplateStore, type SavedTemplate, type TemplateInput } from './template-store.js';
export type {
  AccountChoice,
  AccountDirectory,
  CampaignScreenOptions,
  ScreenOptions,
} from './types.js';
