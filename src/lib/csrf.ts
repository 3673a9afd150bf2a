import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';

/** Name of the form field and of the header that carry the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Options of the double-submit guard. */
export interface CsrfOptions {
  /** Key of the HMAC that binds a token to its cookie; at least 32 characters. */
  readonly secret: string;
  /** Cookie holding the random nonce. */
  readonly cookieName: string;
  /** Whether the cookie carries `Secure`; on for https deployments. Default false. */
  readonly secureCookie?: boolean;
  /** Answers a request whose token is missing or wrong; default a bare 403. */
  readonly onInvalid?: (req: Request, res: Response) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Methods that must not change state, and so need no token. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/**
 * Signed double-submit protection: a random nonce lives in a SameSite=Strict cookie and
 * forms send HMAC(secret, nonce). A page on another site can neither read the cookie nor
 * compute the HMAC, so it cannot forge a valid form post.
 */
export class CsrfGuard {
  readonly #options: CsrfOptions;

  constructor(options: CsrfOptions) {
    if (options.secret.length < 32) throw new Error('the CSRF secret needs 32 characters or more');
    this.#options = options;
  }

  /** The token for this request's forms; sets the nonce cookie on first use. */
  token(req: Request, res: Response): string {
    const local = res.locals as { csrfNonce?: string };
    let nonce = local.csrfNonce ?? this.#nonce(req);
    if (!nonce) {
      nonce = randomBytes(18).toString('base64url');
      res.append('Set-Cookie', this.#cookie(nonce));
    }
    local.csrfNonce = nonce;
    return this.#sign(nonce);
  }

  /** Express middleware: rejects unsafe requests without a valid token. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (isSafeMethod(req.method) || this.verify(req)) return next();
    if (this.#options.onInvalid) return this.#options.onInvalid(req, res);
    res.status(403).type('text').send('Forbidden');
  };

  verify(req: Request): boolean {
    const nonce = this.#nonce(req);
    const body = req.body as Record<string, unknown> | undefined;
    const sent = body?.[CSRF_FIELD] ?? req.get(CSRF_HEADER);
    if (!nonce || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.#sign(nonce));
    const actual = Buffer.from(sent);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  #nonce(req: Request): string | undefined {
    const header = req.headers.cookie;
    return header ? parseCookies(header)[this.#options.cookieName] : undefined;
  }

  #sign(nonce: string): string {
    return createHmac('sha256', this.#options.secret).update(nonce).digest('base64url');
  }

  #cookie(nonce: string): string {
    return serializeCookie(this.#options.cookieName, nonce, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.#options.secureCookie ?? false,
      path: '/',
    });
  }
}
