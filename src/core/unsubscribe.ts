import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a link opts out, and from which channel. */
export interface UnsubscribeClaim {
  readonly customerId: number;
  readonly channel: 'email' | 'sms';
}

/**
 * Signed unsubscribe links: the token carries the customer and the channel and an HMAC of
 * both, so the public endpoint needs no session and cannot be used to opt out anyone else.
 */
export class UnsubscribeLinks {
  readonly #secret: string;
  readonly #baseUrl: string;

  constructor(deps: { secret: string; baseUrl: string }) {
    this.#secret = deps.secret;
    this.#baseUrl = deps.baseUrl.replace(/\/$/, '');
  }

  token(claim: UnsubscribeClaim): string {
    const payload = `${claim.customerId}.${claim.channel}`;
    return `${payload}.${this.#sign(payload)}`;
  }

  /** `<baseUrl>/recado/<channel>/unsubscribe/<token>`: each channel's app serves its own links. */
  url(claim: UnsubscribeClaim): string {
    return `${this.#baseUrl}/recado/${claim.channel}/unsubscribe/${this.token(claim)}`;
  }

  /**
   * A link of the right shape that unsubscribes nobody, for test messages: a test renders a
   * real customer's data for an operator, who must not opt that customer out by clicking.
   */
  exampleUrl(channel: UnsubscribeClaim['channel']): string {
    return `${this.#baseUrl}/recado/${channel}/unsubscribe/exemplo`;
  }

  /** The claim of a valid token; undefined for anything else. */
  verify(token: string): UnsubscribeClaim | undefined {
    const match = /^(\d{1,12})\.(email|sms)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const [, id, channel, signature] = match as unknown as [
      string,
      string,
      'email' | 'sms',
      string,
    ];
    const expected = Buffer.from(this.#sign(`${id}.${channel}`));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    return { customerId: Number(id), channel };
  }

  #sign(payload: string): string {
    return createHmac('sha256', `${this.#secret}:unsubscribe`).update(payload).digest('base64url');
  }
}
