import type { Request, Response } from 'express';
import { Eta } from 'eta';
import type { Logger } from 'pino';
import type { CsrfGuard } from '../lib/csrf.js';
import { CSRF_FIELD } from '../lib/csrf.js';
import type { MessageParams, Translator } from '../lib/i18n.js';
import { isRecadoError, RecadoError } from './errors.js';
import type { Host } from './host.js';
import type { AppId } from './manifest.js';

/** Renders plugin views and errors inside the host's layout, in the operator's language. */
export class PageRenderer {
  readonly #eta: Eta;
  readonly #host: Host;
  readonly #i18n: Translator;
  readonly #csrf: CsrfGuard;
  readonly #logger: Logger;

  constructor(deps: {
    viewsDir: string;
    host: Host;
    i18n: Translator;
    csrf: CsrfGuard;
    logger: Logger;
  }) {
    this.#eta = new Eta({ views: deps.viewsDir, autoEscape: true, cache: true });
    this.#host = deps.host;
    this.#i18n = deps.i18n;
    this.#csrf = deps.csrf;
    this.#logger = deps.logger;
  }

  /** The operator's locale, resolved against the locales Recado ships. */
  locale(req: Request): string {
    return this.#i18n.resolve(this.#host.operator(req)?.locale);
  }

  /**
   * Renders `views/<view>.eta` with `t`, `csrf` and the data, then the host's layout, with
   * `status` as the answer's HTTP status (a form sent back with its errors is a 400).
   */
  render(
    req: Request,
    res: Response,
    appId: AppId,
    view: string,
    data: { title: string } & Record<string, unknown>,
    status = 200,
  ): void {
    const locale = this.locale(req);
    const t = (key: string, params?: Record<string, string | number>): string =>
      this.#i18n.t(locale, key, params);
    const csrf = { field: CSRF_FIELD, token: this.#csrf.token(req, res) };
    const html = this.#eta.render(view, { ...data, t, csrf, locale });
    this.#host.renderPage(req, res, { appId, title: data.title, html, status });
  }

  /** Answers with the error's message in the operator's language, never a stack trace. */
  error(req: Request, res: Response, appId: AppId, error: unknown): void {
    const known = isRecadoError(error)
      ? error
      : new RecadoError('RECADO_INTERNAL', {}, { cause: error });
    if (!isRecadoError(error)) {
      this.#logger.error(
        { err: error, event: 'http.request.failed', path: req.path },
        'request failed',
      );
    }
    const locale = this.locale(req);
    const title = this.#i18n.t(locale, 'errors.title');
    const message = this.#i18n.t(
      locale,
      known.messageKey,
      this.#translateDetails(locale, known.details),
    );
    const html = this.#eta.render('shared/error', { title, message, code: known.code });
    this.#host.renderPage(req, res, { appId, title, html, status: known.status });
  }

  /** Details that are message keys themselves (a status, an action) are shown translated. */
  #translateDetails(locale: string, details: MessageParams): MessageParams {
    return Object.fromEntries(
      Object.entries(details).map(([name, value]) => [
        name,
        typeof value === 'string' && this.#i18n.has(value) ? this.#i18n.t(locale, value) : value,
      ]),
    );
  }
}
