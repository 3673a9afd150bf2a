import type { Request, Response } from 'express';
import type { AppContext } from '../app-module.js';
import type { AppRoutes } from '../app-routes.js';
import { isRecadoError } from '../errors.js';
import { mountScreenAsset } from './assets.js';
import { PreviewData } from './preview-data.js';
import { formText, queryText, routeId } from './screen-kit.js';
import { previewTemplate, type PreviewRequest } from './template-preview.js';
import { TemplateStore, type SavedTemplate, type TemplateInput } from './template-store.js';
import { TemplateScreens } from './template-view.js';
import type { ScreenOptions } from './types.js';

/** Errors the delete page shows in place instead of an error page. */
const IN_USE: ReadonlySet<string> = new Set([
  'RECADO_TEMPLATE_IN_USE',
  'RECADO_TEMPLATE_IN_USE_BY_RULE',
]);

function postedTemplate(req: Request): TemplateInput {
  return {
    name: formText(req, 'name'),
    subject: formText(req, 'subject'),
    body: formText(req, 'body'),
  };
}

/** `{ subject, body, customerId? }` from a JSON body; anything else reads as empty. */
function previewRequest(body: unknown): PreviewRequest {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const id = fields.customerId;
  const customerId =
    typeof id === 'number' || (typeof id === 'string' && /^\d{1,9}$/.test(id))
      ? Number(id)
      : undefined;
  return { subject: text(fields.subject), body: text(fields.body), customerId };
}

/**
 * Mounts one channel's message templates on an app's router:
 *
 * - `GET /templates` list (view) · `GET /templates/new` editor (manage) · `POST /templates` create
 * - `GET|POST /templates/:id` edit (manage) · `GET|POST /templates/:id/delete` (manage)
 * - `POST /templates/preview` `{ subject, body, customerId? }` → `TemplatePreview` (view)
 * - `GET /templates/customers?q=` → customers to preview with (view)
 *
 * A save runs `checkTemplate`; its issues come back beside their field, and nothing is
 * written. Returns the store, for the app's other screens.
 */
export function templateRoutes(
  routes: AppRoutes,
  context: AppContext,
  options: ScreenOptions,
): TemplateStore {
  const { services } = context;
  const store = new TemplateStore({ db: context.db, channel: options.channel, now: context.now });
  const screens = new TemplateScreens(context, options);
  const data = new PreviewData({ db: context.db, mapping: context.mapping });
  const previewDeps = {
    channel: options.channel,
    data,
    templates: services.templates,
    provider: async () => ({ ...(await services.provider()), timeZone: context.timeZone }),
    now: context.now,
  };

  /** Saves, or shows the editor again with every problem beside its field and a 422. */
  const save = async (req: Request, res: Response, template?: SavedTemplate) => {
    const input = postedTemplate(req);
    const problems = await store.problems(input, template?.id);
    const refused = problems.nameError ?? problems.subjectError ?? problems.issues[0];
    if (refused) return screens.form(req, res, { template, input, problems }, 422);
    await store.save(input, template?.id);
    res.redirect(303, `${screens.kit.base}?done=saved`);
  };

  mountScreenAsset(routes, 'templateEditor', options.view);
  routes.json('post', '/templates/preview', options.view, async (req) =>
    previewTemplate(previewDeps, previewRequest(req.body), screens.kit.translate(req)),
  );
  routes.json('get', '/templates/customers', options.view, async (req) => ({
    customers: await data.search(queryText(req, 'q') ?? ''),
  }));
  routes.get('/templates', options.view, async (req, res) => {
    screens.list(req, res, await store.list());
  });
  routes.get('/templates/new', options.manage, (req, res) => {
    screens.form(req, res, { input: { name: '', subject: '', body: '' } });
  });
  routes.post('/templates', options.manage, (req, res) => save(req, res));
  routes.get('/templates/:id', options.manage, async (req, res) => {
    const template = await store.get(routeId(req, 'RECADO_TEMPLATE_NOT_FOUND'));
    const input = { name: template.name, subject: template.subject ?? '', body: template.body };
    screens.form(req, res, { template, input });
  });
  routes.post('/templates/:id', options.manage, async (req, res) => {
    await save(req, res, await store.get(routeId(req, 'RECADO_TEMPLATE_NOT_FOUND')));
  });
  routes.get('/templates/:id/delete', options.manage, async (req, res) => {
    screens.confirmDelete(req, res, await store.get(routeId(req, 'RECADO_TEMPLATE_NOT_FOUND')));
  });
  routes.post('/templates/:id/delete', options.manage, async (req, res) => {
    const template = await store.get(routeId(req, 'RECADO_TEMPLATE_NOT_FOUND'));
    try {
      await store.delete(template.id);
    } catch (error) {
      if (!isRecadoError(error) || !IN_USE.has(error.code)) throw error;
      return screens.confirmDelete(req, res, template, error);
    }
    res.redirect(303, `${screens.kit.base}?done=deleted`);
  });
  return store;
}
