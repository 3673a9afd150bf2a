import type { Request } from 'express';
import type { MessageParams } from '../../lib/i18n.js';

/** A one-time notice shown on the page a form redirects to. */
export interface Flash {
  /** `done` when the action changed something, `nothing` when it changed nothing. */
  readonly kind: 'done' | 'nothing';
  /** Locale key of the text. */
  readonly key: string;
  readonly params?: MessageParams;
}

interface FlashSession {
  flash?: Flash;
}

/** Keeps a notice in the signed session cookie for the next page. */
export function setFlash(req: Request, flash: Flash): void {
  const session = req.session as FlashSession | null | undefined;
  if (session) session.flash = flash;
}

/** The pending notice, removed from the session so that it shows once. */
export function takeFlash(req: Request): Flash | undefined {
  const session = req.session as FlashSession | null | undefined;
  const flash = session?.flash;
  if (session && flash) delete session.flash;
  return flash;
}
