import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type { MessageParams, Translator } from '../lib/i18n.js';
import { isRecadoError, RecadoError } from './errors.js';
import { filterErrorText } from './filters/messages.js';
import type { Host } from './host.js';
import type { AppId } from './manifest.js';
import type { PageRenderer } from './pages.js';

export type RouteHandler = (req: Request, res: Response) => void | Promise<void>;

/** Answers a JSON route: the value is sent as the response body. */
export type JsonHandler = (req: Request, res: Response) => unknown;

/** What a JSON route answers when it fails, with the error's HTTP status. */
export interface JsonError {
  readonly error: {
    /** The catalog code, e.g. `RECADO_FILTER_INVALID`. */
    readonly code: string;
    /** The message in the operator's language. */
    readonly message: string;
    /** For a filter error, the JSON pointer of the offending node (`''` is the root). */
    readonly path?: string;
  };
}

const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A file an app router serves itself, so that plugin pages never depend on the host serving
 * plugin files. Read once; `version` (a hash of the content) goes in the URL as `?v=`, and a
 * request carrying the current version may be cached for a year.
 */
export class StaticAsset {
  readonly body: Buffer;
  /** Content-Type, from the file's extension. */
  readonly type: string;
  /** First 12 characters of the content's SHA-256, base64url. */
  readonly version: string;

  constructor(file: string) {
    this.body = readFileSync(file);
    this.type = ASSET_TYPES[extname(file)] ?? 'application/octet-stream';
    this.version = createHash('sha256').update(this.body).digest('base64url').slice(0, 12);
  }
}

/**
 * Builds an app's router where a route cannot be declared without the permission it needs.
 * Failures become a page in the operator's language; unsafe methods are CSRF-checked by the
 * gate in front of the router.
 */
export class AppRoutes {
  readonly router: Router = express.Router();
  readonly #appId: AppId;
  readonly #host: Host;
  readonly #pages: PageRenderer;
  readonly #i18n: Translator | undefined;

  /** Without `i18n`, JSON routes answer errors with their message keys untranslated. */
  constructor(deps: { appId: AppId; host: Host; pages: PageRenderer; i18n?: Translator }) {
    this.#appId = deps.appId;
    this.#host = deps.host;
    this.#pages = deps.pages;
    this.#i18n = deps.i18n;
  }

  get(path: string, permission: string, handler: RouteHandler): this {
    this.router.get(path, this.#wrap(permission, handler));
    return this;
  }

  post(path: string, permission: string, handler: RouteHandler): this {
    this.router.post(path, this.#wrap(permission, handler));
    return this;
  }

  /**
   * A JSON endpoint: the handler's value is the body. Failures, the permission check's too,
   * answer `JsonError` with the error's status instead of a page.
   */
  json(method: 'get' | 'post', path: string, permission: string, handler: JsonHandler): this {
    this.router[method](path, async (req: Request, res: Response) => {
      try {
        this.#check(req, permission);
        const body = await handler(req, res);
        if (!res.headersSent) res.json(body);
      } catch (error) {
        if (res.headersSent) return;
        const known = this.#known(req, error);
        res.status(known.status).json(this.#jsonError(req, known));
      }
    });
    return this;
  }

  /** Serves a file under `path`, to operators holding `permission`; see `StaticAsset`. */
  asset(path: string, permission: string, asset: StaticAsset): this {
    const etag = `"${asset.version}"`;
    return this.get(path, permission, (req, res) => {
      const current = req.query.v === asset.version;
      res.set({
        'Content-Type': asset.type,
        'Cache-Control': current ? 'private, max-age=31536000, immutable' : 'private, no-cache',
        ETag: etag,
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.get('if-none-match') === etag) res.status(304).end();
      else res.send(asset.body);
    });
  }

  #check(req: Request, permission: string): void {
    if (!this.#host.can(req, permission)) {
      throw new RecadoError('RECADO_AUTH_FORBIDDEN', { permission });
    }
  }

  #known(req: Request, error: unknown): RecadoError {
    if (isRecadoError(error)) return error;
    this.#host.logger.error(
      { err: error, event: 'http.request.failed', app: this.#appId, path: req.path },
      'request failed',
    );
    return new RecadoError('RECADO_INTERNAL', {}, { cause: error });
  }

  #jsonError(req: Request, error: RecadoError): JsonError {
    const i18n = this.#i18n;
    const message = i18n ? errorText(i18n, this.#pages.locale(req), error) : error.messageKey;
    const path =
      error.code === 'RECADO_FILTER_INVALID' ? { path: String(error.details.path ?? '') } : {};
    return { error: { code: error.code, message, ...path } };
  }

  #wrap(permission: string, handler: RouteHandler): RouteHandler {
    return async (req, res) => {
      try {
        this.#check(req, permission);
        await handler(req, res);
      } catch (error) {
        if (res.headersSent) return;
        this.#pages.error(req, res, this.#appId, error);
      }
    };
  }
}

/**
 * An error's message in a locale, as a page shows it: a filter error names its node and
 * reason (see `filterErrorText`); other details that are message keys are translated.
 */
export function errorText(i18n: Translator, locale: string, error: RecadoError): string {
  if (error.code === 'RECADO_FILTER_INVALID') return filterErrorText(i18n, locale, error);
  return i18n.t(locale, error.messageKey, translatedDetails(i18n, locale, error.details));
}

function translatedDetails(
  i18n: Translator,
  locale: string,
  details: MessageParams,
): MessageParams {
  return Object.fromEntries(
    Object.entries(details).map(([name, value]) => [
      name,
      typeof value === 'string' && i18n.has(value) ? i18n.t(locale, value) : value,
    ]),
  );
}
