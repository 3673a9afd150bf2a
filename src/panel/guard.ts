import type { NextFunction, Request, Response } from 'express';
import type { PanelContext } from './server.js';

/**
 * Panel route guard: a visitor without a session goes to the sign-in page; an operator
 * without the permission gets a 403 page in their language.
 */
export function requirePermission(context: PanelContext, permission: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const operator = context.sessions.current(req);
    if (!operator) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (operator.can(permission)) return next();
    const t = context.layout.translate(req);
    res.status(403);
    context.layout.view(req, res, 'message', {
      title: t('errors.title'),
      message: t('errors.auth_forbidden', { permission }),
    });
  };
}
