import type { AdapterContext } from '../adapter.js';
import {
  GenericAdapter,
  REQUEST_PROPERTIES,
  type GenericConfig,
  type GenericSecrets,
} from './generic.js';
import { GENERIC_PLACEHOLDERS } from './generic-template.js';

/**
 * Voipr settings: in effect a preset of the generic gateway.
 *
 * Voipr is a server the provider runs on its own network; no public documentation, SDK or
 * calling code was found. Rests on Controllr's form (CONFIRMED): a host, a web port
 * (default 8080), a campaign key (a "text" campaign made on that server) and a client key.
 * Everything else rests on configuration: the path and query, the method, the body, and
 * how the answer shows success. Obtain them from Voipr or from a captured request.
 */
export interface VoiprConfig extends Omit<GenericConfig, 'urlTemplate'> {
  /** Host name or IP address of the Voipr server, e.g. `192.168.0.10`. Required. */
  readonly host: string;
  /** Web port. Default 8080. */
  readonly port: number;
  /** Use HTTPS. Default false (plain http on the LAN). */
  readonly https: boolean;
  /**
   * Path and query with placeholders, e.g. `/api/send?campaign={campaign_key}&to={to}`.
   * Required: the real path is not known.
   */
  readonly pathTemplate: string;
  /** Value of `{campaign_key}`: the campaign made on the Voipr server. Required. */
  readonly campaignKey: string;
}

/** Voipr credentials, kept encrypted. */
export interface VoiprSecrets extends GenericSecrets {
  /** Value of `{client_key}`: the client made on the Voipr server. Required. */
  readonly clientKey: string;
}

/** Placeholders a Voipr template may use: the generic ones and the two keys. */
export const VOIPR_PLACEHOLDERS = [...GENERIC_PLACEHOLDERS, 'campaign_key', 'client_key'] as const;

/** JSON Schema of Voipr's settings, defaults inside. */
export const VOIPR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'pathTemplate', 'campaignKey'],
  properties: {
    host: { type: 'string', pattern: '^([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])$' },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
    https: { type: 'boolean', default: false },
    pathTemplate: { type: 'string', maxLength: 2000, pattern: '^/[^\\s]*$' },
    campaignKey: { type: 'string', minLength: 1, maxLength: 200 },
    ...REQUEST_PROPERTIES,
  },
} as const;

/** The URL template a Voipr configuration stands for. */
export function voiprUrlTemplate(
  config: Pick<VoiprConfig, 'host' | 'port' | 'https' | 'pathTemplate'>,
): string {
  return `${config.https ? 'https' : 'http'}://${config.host}:${config.port}${config.pathTemplate}`;
}

/** A generic adapter built from Voipr's fields; its codes start with `VOIPR`. */
export function createVoiprAdapter(
  config: VoiprConfig,
  secrets: VoiprSecrets,
  context: AdapterContext,
): GenericAdapter {
  const generic: GenericConfig = {
    method: config.method,
    urlTemplate: voiprUrlTemplate(config),
    bodyType: config.bodyType,
    bodyTemplate: config.bodyTemplate,
    headers: config.headers,
    numberFormat: config.numberFormat,
    charset: config.charset,
    user: config.user,
    sender: config.sender,
    basicAuth: config.basicAuth,
    success: config.success,
    providerId: config.providerId,
    refusedKind: config.refusedKind,
    timeoutMs: config.timeoutMs,
  };
  return new GenericAdapter(generic, secrets, context, {
    prefix: 'VOIPR',
    extra: { campaign_key: config.campaignKey, client_key: secrets.clientKey },
  });
}
