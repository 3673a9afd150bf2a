import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { GatewaySource } from '../../channels/sms/sms-channel.js';
import { toSqlTime } from '../../lib/time.js';
import { findReportedDelivery, recordReport, type DlrStatus } from './delivery-reports.js';

/** What the webhook is built from. */
export interface ZenviaWebhookDeps {
  readonly db: Knex;
  /** Gateways by id; the webhook URL names the gateway. */
  readonly gateways: GatewaySource;
  readonly logger: Logger;
  /** The clock; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** One webhook call, as the route hands it over. */
export interface WebhookCall {
  readonly gatewayId: number;
  /** Request headers, names in lowercase (as Node gives them). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/** The answer: HTTP status and a small JSON body. Zenvia retries anything but 2xx. */
export interface WebhookAnswer {
  readonly status: number;
  readonly body: {
    readonly ok: boolean;
    readonly applied?: boolean;
    readonly duplicate?: boolean;
    readonly error?: string;
  };
}

/** Final `messageStatus.code` values and what they mean for the handset (Zenvia v2 spec). */
const FINAL_CODES: Readonly<Record<string, DlrStatus>> = {
  DELIVERED: 'delivered',
  NOT_DELIVERED: 'not_delivered',
  REJECTED: 'not_delivered',
};

interface StatusEvent {
  id: string;
  type?: string;
  timestamp?: string;
  message?: { id?: string; externalId?: string };
  messageStatus?: {
    code?: string;
    timestamp?: string;
    description?: string;
    causes?: { reason?: string }[];
  };
}

/**
 * Handles one Zenvia `MESSAGE_STATUS` call: the secret header the subscription was given
 * must match (compared in constant time), an event id seen before is answered and not
 * applied again, and a final status lands on the delivery row. Only database work happens
 * here, so the answer comes well within Zenvia's one second.
 */
export async function receiveZenviaStatus(
  deps: ZenviaWebhookDeps,
  call: WebhookCall,
): Promise<WebhookAnswer> {
  const gateway = Number.isInteger(call.gatewayId)
    ? await deps.gateways.resolve(call.gatewayId)
    : undefined;
  if (!gateway || gateway.type !== 'zenvia')
    return { status: 404, body: { ok: false, error: 'unknown gateway' } };
  const secret = gateway.secrets.webhookSecret;
  if (!secret)
    return { status: 403, body: { ok: false, error: 'no webhook secret is configured' } };
  const headerName = String(gateway.config.webhookHeader ?? 'X-Recado-Secret').toLowerCase();
  const presented = call.headers[headerName];
  if (typeof presented !== 'string' || !sameSecret(presented, secret)) {
    deps.logger.warn(
      { event: 'sms.webhook.refused', gatewayId: gateway.id },
      'webhook secret refused',
    );
    return { status: 401, body: { ok: false, error: 'wrong secret' } };
  }
  const event = call.body as StatusEvent | undefined;
  if (
    !event ||
    typeof event !== 'object' ||
    typeof event.id !== 'string' ||
    event.id.length > 128
  ) {
    return { status: 400, body: { ok: false, error: 'not a Zenvia event' } };
  }
  if (event.type !== undefined && event.type !== 'MESSAGE_STATUS')
    return { status: 200, body: { ok: true, applied: false } };

  const now = (deps.now ?? (() => new Date()))();
  const outcome = await deps.db.transaction(async (trx) => {
    if (!(await claimEvent(trx, gateway.id, event.id, now))) return 'duplicate' as const;
    return apply(trx, event, now);
  });
  deps.logger.debug(
    { event: 'sms.webhook.received', gatewayId: gateway.id, outcome },
    'zenvia status',
  );
  if (outcome === 'duplicate')
    return { status: 200, body: { ok: true, applied: false, duplicate: true } };
  return { status: 200, body: { ok: true, applied: outcome === 'applied' } };
}

/** An express router with `POST /:gatewayId`, to be mounted where Zenvia can reach it. */
export function zenviaWebhookRouter(deps: ZenviaWebhookDeps): Router {
  const router = express.Router();
  router.post('/:gatewayId', express.json({ limit: '64kb' }), (req, res, next) => {
    const call = {
      gatewayId: Number(req.params.gatewayId),
      headers: req.headers,
      body: req.body as unknown,
    };
    receiveZenviaStatus(deps, call).then(
      (answer) => res.status(answer.status).json(answer.body),
      next,
    );
  });
  router.use(((error, _req, res, next) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500)
      return res.status(status).json({ ok: false, error: 'bad request' });
    next(error);
  }) as express.ErrorRequestHandler);
  return router;
}

/** Records the event id; false when it was recorded before (a retry or a duplicate). */
async function claimEvent(
  trx: Knex.Transaction,
  gatewayId: number,
  eventId: string,
  now: Date,
): Promise<boolean> {
  const seen = await trx('recado_sms_webhook_events')
    .where({ gateway_id: gatewayId, event_id: eventId })
    .first('event_id');
  if (seen) return false;
  try {
    await trx('recado_sms_webhook_events').insert({
      gateway_id: gatewayId,
      event_id: eventId,
      received_at: toSqlTime(now),
    });
    return true;
  } catch (error) {
    // Two deliveries of the same event at once: the second loses the insert race.
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

async function apply(
  trx: Knex.Transaction,
  event: StatusEvent,
  now: Date,
): Promise<'applied' | 'ignored' | 'not_found'> {
  const code = event.messageStatus?.code ?? '';
  const status = FINAL_CODES[code];
  if (!status) return 'ignored';
  const deliveryId = await findReportedDelivery(trx, {
    providerId: event.message?.id,
    externalId: event.message?.externalId,
  });
  if (deliveryId === undefined) return 'not_found';
  const at = parseTime(event.messageStatus?.timestamp ?? event.timestamp) ?? now;
  const cause = event.messageStatus?.causes?.[0]?.reason;
  const detail = [code, event.messageStatus?.description, cause].filter(Boolean).join(': ');
  return (await recordReport(trx, deliveryId, { status, at, detail })) ? 'applied' : 'ignored';
}

/** Equal secrets, compared in constant time whatever their lengths. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function parseTime(value: string | undefined): Date | undefined {
  const time = value ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? new Date(time) : undefined;
}

function isDuplicateKey(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}
