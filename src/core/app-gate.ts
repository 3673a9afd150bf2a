import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isSafeMethod, type CsrfGuard } from '../lib/csrf.js';
import { RecadoError } from './errors.js';
import type { Host } from './host.js';
import type { AppId } from './manifest.js';
import type { PageRenderer } from './pages.js';

/**
 * What stands in front of every app router: a disabled app answers 404 as if it did not
 * exist, a request without a signed-in operator 401, and a form post without a valid CSRF
 * token 403. The host mounts the gate once; enabling and disabling only flips a flag.
 */
export function gateAppRouter(deps: {
  appId: AppId;
  isEnabled: () => boolean;
  host: Host;
  csrf: CsrfGuard;
  pages: PageRenderer;
  inner: Router;
}): Router {
  const { appId, host, pages } = deps;
  const gate = express.Router();
  const fail = (req: Request, res: Response, error: RecadoError): void =>
    pages.error(req, res, appId, error);

  gate.use((req: Request, res: Response, next: NextFunction) => {
    if (!deps.isEnabled())
      return fail(req, res, new RecadoError('RECADO_APP_DISABLED', { app: appId }));
    if (!host.operator(req)) return fail(req, res, new RecadoError('RECADO_AUTH_REQUIRED'));
    next();
  });
  gate.use(express.urlencoded({ extended: false, limit: '1mb' }));
  gate.use(express.json({ limit: '1mb' }));
  gate.use((req: Request, res: Response, next: NextFunction) => {
    if (isSafeMethod(req.method) || deps.csrf.verify(req)) return next();
    fail(req, res, new RecadoError('RECADO_CSRF_INVALID'));
  });
  gate.use(deps.inner);
  gate.use((req: Request, res: Response) => fail(req, res, new RecadoError('RECADO_NOT_FOUND')));
  return gate;
}
