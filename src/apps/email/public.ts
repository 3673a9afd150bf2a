import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../../core/app-module.js';
import { toSqlTime } from '../../lib/time.js';

/** `views/`, found from this file, since the public pages render without the host's layout. */
const VIEWS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'views');
const OPT_OUTS = 'recado_opt_outs';

/** The page states of the unsubscribe view. */
type UnsubscribeState = 'confirm' | 'done' | 'not_found';

/**
 * The E-mail app's session-less routes, mounted by the plugin at `<public path>/email`:
 *
 * - `GET /unsubscribe/:token` asks for confirmation and writes nothing: mail scanners and
 *   link previews fetch links, and must not opt anyone out.
 * - `POST /unsubscribe/:token` opts the customer out of marketing e-mail, once. The same
 *   POST with `List-Unsubscribe=One-Click` is the RFC 8058 endpoint mail clients call
 *   without cookies; the signed token is the only proof either needs.
 *
 * A token that does not verify, or is not for e-mail, answers 404 and writes nothing.
 */
export function emailPublicRoutes(context: AppContext): Router {
  const router = express.Router();
  const page = new UnsubscribePage(context);
  // The host may not parse bodies on its public path; one-click clients post a tiny form.
  router.use(express.urlencoded({ extended: false, limit: '2kb' }));

  router.get('/unsubscribe/:token', (req, res) => {
    const claim = claimOf(context, req);
    page.render(req, res, claim ? 'confirm' : 'not_found');
  });
  router.post('/unsubscribe/:token', async (req, res) => {
    const claim = claimOf(context, req);
    if (!claim) return page.render(req, res, 'not_found');

    await context
      .db(OPT_OUTS)
      .insert({
        customer_id: claim.customerId,
        channel: claim.channel,
        created_at: toSqlTime(context.now()),
      })
      .onConflict(['customer_id', 'channel'])
      .ignore();
    context.logger.info(
      {
        event: 'email.unsubscribe.recorded',
        customerId: claim.customerId,
        oneClick: isOneClick(req),
      },
      'customer unsubscribed',
    );
    if (isOneClick(req)) res.status(200).type('text').send('OK');
    else page.render(req, res, 'done');
  });
  return router;
}

function claimOf(context: AppContext, req: Request) {
  const claim = context.services.unsubscribe.verify(String(req.params.token ?? ''));
  return claim?.channel === 'email' ? claim : undefined;
}

/** RFC 8058: the client posts exactly this field; no page is expected back. */
function isOneClick(req: Request): boolean {
  const body = req.body as Record<string, unknown> | undefined;
  return body?.['List-Unsubscribe'] === 'One-Click';
}

/** A small page of its own, in the visitor's language: customers are not operators. */
class UnsubscribePage {
  readonly #eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true });
  readonly #context: AppContext;

  constructor(context: AppContext) {
    this.#context = context;
  }

  render(req: Request, res: Response, state: UnsubscribeState): void {
    const { i18n } = this.#context;
    const first = req.get('accept-language')?.split(',')[0]?.split(';')[0]?.trim();
    const locale = i18n.resolve(first || undefined);
    const t = (key: string) => i18n.t(locale, key);
    const html = this.#eta.render('shared/unsubscribe', {
      state,
      locale,
      t,
      action: req.originalUrl.split('?')[0],
    });
    res
      .status(state === 'not_found' ? 404 : 200)
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .type('html')
      .send(html);
  }
}
