import type { Request, Response } from 'express';
import type { AppContext } from '../app-module.js';
import type { AppRoutes } from '../app-routes.js';
import { isRecadoError, RecadoError } from '../errors.js';
import { postedFilterInput } from './posted.js';
import { previewFilter } from './preview.js';
import { GroupScreens, type GroupPermissions } from './screens.js';
import { GroupStore } from './store.js';
import type { SavedGroup } from './types.js';

/** Errors the form shows back with the operator's input instead of an error page. */
const FORM_ERRORS: ReadonlySet<string> = new Set([
  'RECADO_FILTER_INVALID',
  'RECADO_GROUP_NAME_INVALID',
  'RECADO_GROUP_NAME_TAKEN',
]);

function groupId(req: Request): number {
  const id = String(req.params.id ?? '');
  if (!/^\d{1,9}$/.test(id)) throw new RecadoError('RECADO_GROUP_NOT_FOUND', { id });
  return Number(id);
}

function formField(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Mounts the saved groups and the filter preview on an app's router, guarded by that app's
 * permissions: the same groups appear under every app that mounts them.
 *
 * - `GET  /groups` list (view) · `GET /groups/new[?from=preset:overdue]` form (manage)
 * - `POST /groups` create · `GET|POST /groups/:id` edit, change or rename (manage)
 * - `GET|POST /groups/:id/delete` confirm, then delete (manage)
 * - `POST /filters/preview` `{ filter }` → `FilterPreview` or `JsonError` (view)
 *
 * Returns the store, for the app's other screens (a campaign form choosing a group).
 */
export function groupRoutes(
  routes: AppRoutes,
  context: AppContext,
  permissions: GroupPermissions,
): GroupStore {
  const { services, i18n } = context;
  const store = new GroupStore({ db: context.db, filters: services.filters, now: context.now });
  const screens = new GroupScreens(context, permissions);
  const toList = (res: Response, done: string) => res.redirect(303, `${screens.base}?done=${done}`);

  /** Runs a save; a refused input comes back in the form, with nothing written. */
  const save = async (
    req: Request,
    res: Response,
    group: SavedGroup | undefined,
    write: () => Promise<unknown>,
  ) => {
    try {
      await write();
      toList(res, 'saved');
    } catch (error) {
      if (!isRecadoError(error) || !FORM_ERRORS.has(error.code)) throw error;
      const filter = safeFilter(req) ?? group?.filter;
      const name = formField(req, 'name') ?? group?.name ?? '';
      screens.form(req, res, { group, name, filter, error });
    }
  };

  routes.get('/groups', permissions.view, async (req, res) => {
    screens.list(req, res, await store.list(), store.presets());
  });
  routes.get('/groups/new', permissions.manage, async (req, res) => {
    const from = typeof req.query.from === 'string' ? req.query.from : undefined;
    const filter = from ? await store.filterOf(from) : { all: [] };
    screens.form(req, res, { name: '', filter });
  });
  routes.post('/groups', permissions.manage, async (req, res) => {
    const createdBy = context.host.operator(req)?.name ?? null;
    await save(req, res, undefined, async () =>
      store.create({ name: req.body?.name, filter: postedFilterInput(req.body), createdBy }),
    );
  });
  routes.get('/groups/:id', permissions.manage, async (req, res) => {
    const group = await store.get(groupId(req));
    screens.form(req, res, { group, name: group.name, filter: group.filter });
  });
  routes.post('/groups/:id', permissions.manage, async (req, res) => {
    const group = await store.get(groupId(req));
    // A form without the filter field renames only; one without the name refilters only.
    const renameOnly = formField(req, 'filter') === undefined;
    await save(req, res, group, async () =>
      store.update(group.id, {
        name: formField(req, 'name'),
        filter: renameOnly ? undefined : postedFilterInput(req.body),
      }),
    );
  });
  routes.get('/groups/:id/delete', permissions.manage, async (req, res) => {
    screens.confirmDelete(req, res, await store.get(groupId(req)));
  });
  routes.post('/groups/:id/delete', permissions.manage, async (req, res) => {
    await store.delete(groupId(req));
    toList(res, 'deleted');
  });
  routes.json('post', '/filters/preview', permissions.view, async (req) => {
    const locale = context.pages.locale(req);
    const t = (key: string, params?: Record<string, string | number>) =>
      i18n.t(locale, key, params);
    return previewFilter(services.filters, (req.body as { filter?: unknown })?.filter, locale, t);
  });
  return store;
}

/** The posted filter for showing it back; broken JSON shows as nothing. */
function safeFilter(req: Request): unknown {
  try {
    return postedFilterInput(req.body);
  } catch {
    return undefined;
  }
}
