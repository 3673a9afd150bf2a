import express, { type Request, type Response, type Router } from 'express';
import type { SessionData } from '../operators.js';
import type { PanelContext } from '../server.js';

/** Sign-in, sign-out, the language switcher and the home page. */
export function authRoutes(context: PanelContext): Router {
  const router = express.Router();
  const { layout, sessions, i18n } = context;

  router.get('/', (req, res) => {
    const operator = sessions.current(req);
    if (!operator) return res.redirect(303, '/login');
    const t = layout.translate(req);
    layout.view(req, res, 'home', { title: t('panel.home.title'), operator });
  });

  router.get('/login', (req, res) => renderLogin(req, res, undefined));

  router.post('/login', async (req, res) => {
    const { login, password } = req.body as { login?: unknown; password?: unknown };
    const operator =
      typeof login === 'string' && typeof password === 'string'
        ? await sessions.authenticate(login.trim(), password)
        : undefined;
    if (!operator) return renderLogin(req, res.status(401), 'errors.auth_bad_credentials');
    const session = req.session as SessionData;
    session.operatorId = operator.id;
    session.locale = operator.locale;
    res.redirect(303, safeNext(req.query.next));
  });

  router.post('/logout', (req, res) => {
    req.session = null;
    res.redirect(303, '/login');
  });

  router.post('/locale', (req, res) => {
    const requested = (req.body as { locale?: unknown }).locale;
    if (typeof requested === 'string' && i18n.locales.includes(requested)) {
      (req.session as SessionData).locale = requested;
    }
    res.redirect(303, safeNext((req.body as { next?: unknown }).next));
  });

  function renderLogin(req: Request, res: Response, errorKey: string | undefined): void {
    const t = layout.translate(req);
    layout.view(req, res, 'login', {
      title: t('panel.login.title'),
      error: errorKey && t(errorKey),
      next: safeNext(req.query.next),
    });
  }

  return router;
}

/** Only a local path is followed after sign-in, never another site. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}
