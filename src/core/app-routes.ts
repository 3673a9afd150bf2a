import express, { type Request, type Response, type Router } from 'express';
import { RecadoError } from './errors.js';
import type { Host } from './host.js';
import type { AppId } from './manifest.js';
import type { PageRenderer } from './pages.js';

export type RouteHandler = (req: Request, res: Response) => void | Promise<void>;

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

  constructor(deps: { appId: AppId; host: Host; pages: PageRenderer }) {
    this.#appId = deps.appId;
    this.#host = deps.host;
    this.#pages = deps.pages;
  }

  get(path: string, permission: string, handler: RouteHandler): this {
    this.router.get(path, this.#wrap(permission, handler));
    return this;
  }

  post(path: string, permission: string, handler: RouteHandler): this {
    this.router.post(path, this.#wrap(permission, handler));
    return this;
  }

  #wrap(permission: string, handler: RouteHandler): RouteHandler {
    return async (req, res) => {
      try {
        if (!this.#host.can(req, permission)) {
          throw new RecadoError('RECADO_AUTH_FORBIDDEN', { permission });
        }
        await handler(req, res);
      } catch (error) {
        if (res.headersSent) return;
        this.#pages.error(req, res, this.#appId, error);
      }
    };
  }
}
