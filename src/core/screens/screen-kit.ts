import type { Request, Response } from 'express';
import type { MessageParams } from '../../lib/i18n.js';
import type { AppContext } from '../app-module.js';
import { errorText } from '../app-routes.js';
import { RecadoError, type ErrorCode } from '../errors.js';
import { builderAssetUrls } from '../groups/index.js';
import { screenAssetUrls } from './assets.js';
import type { ScreenOptions } from './types.js';

/** Translates a key in one request's locale. */
export type Translate = (key: string, params?: MessageParams) => string;

type PageData = { title: string } & Record<string, unknown>;

/** A refused input as a form shows it next to its field. */
export interface FieldError {
  /** Which input it belongs to: `name`, `template`, `schedule`… */
  readonly field: string;
  readonly code: string;
  /** In the operator's language. */
  readonly message: string;
}

/**
 * What every shared screen needs from its app: links under the app's mount point, the
 * operator's language, and pages rendered with a status, the app's id and the asset URLs.
 */
export class ScreenKit {
  readonly context: AppContext;
  readonly options: ScreenOptions;
  readonly #section: string;

  constructor(context: AppContext, options: ScreenOptions, section: string) {
    this.context = context;
    this.options = options;
    this.#section = section;
  }

  /**
   * `/apps/<app>/<section>`: where links and forms of the section point. Read when used:
   * the host tells the mount point only after the app's routes are built.
   */
  get base(): string {
    return `${appBase(this.context)}/${this.#section}`;
  }

  locale(req: Request): string {
    return this.context.pages.locale(req);
  }

  translate(req: Request): Translate {
    const locale = this.locale(req);
    return (key, params) => this.context.i18n.t(locale, key, params);
  }

  canManage(req: Request): boolean {
    return this.context.host.can(req, this.options.manage);
  }

  /** An error as a form shows it beside `field`, in the operator's language. */
  fieldError(req: Request, field: string, error: RecadoError): FieldError {
    return {
      field,
      code: error.code,
      message: errorText(this.context.i18n, this.locale(req), error),
    };
  }

  render(req: Request, res: Response, view: string, data: PageData, status = 200): void {
    const appId = this.context.app.id;
    const appPath = appBase(this.context);
    const assets = { ...builderAssetUrls(appPath), ...screenAssetUrls(appPath) };
    const page = {
      ...data,
      base: this.base,
      appBase: appPath,
      appId,
      channel: this.options.channel,
      canManage: this.canManage(req),
      assets,
    };
    this.context.pages.render(req, res, appId, view, page, status);
  }
}

/** The app's mount point without a trailing slash. */
export function appBase(context: AppContext): string {
  return context.basePath.replace(/\/$/, '');
}

/** A numeric route parameter, or the not-found error `code` for anything else. */
export function routeId(req: Request, code: ErrorCode): number {
  const id = String(req.params.id ?? '');
  if (!/^\d{1,9}$/.test(id)) throw new RecadoError(code, { id });
  return Number(id);
}

/** A posted text field; anything that is not a string (absent, repeated) reads as ''. */
export function formText(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A query-string value when it is one string. */
export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}
