import type { AdapterContext, SmsAdapter } from './adapter.js';
import {
  GENERIC_SCHEMA,
  GenericAdapter,
  type GenericConfig,
  type GenericSecrets,
} from './adapters/generic.js';
import {
  checkTemplates,
  GENERIC_PLACEHOLDERS,
  type FieldProblem,
} from './adapters/generic-template.js';
import { KHAL_SCHEMA, KhalAdapter, type KhalConfig, type KhalSecrets } from './adapters/khal.js';
import {
  PLAYSMS_SCHEMA,
  PlaySmsAdapter,
  type PlaySmsConfig,
  type PlaySmsSecrets,
} from './adapters/playsms.js';
import {
  SMSGATEWAY_ME_SCHEMA,
  SmsGatewayMeAdapter,
  type SmsGatewayMeConfig,
  type SmsGatewayMeSecrets,
} from './adapters/smsgateway-me.js';
import {
  TORPEDUS_SCHEMA,
  TorpedusAdapter,
  type TorpedusConfig,
  type TorpedusSecrets,
} from './adapters/torpedus.js';
import {
  createVoiprAdapter,
  VOIPR_PLACEHOLDERS,
  VOIPR_SCHEMA,
  voiprUrlTemplate,
  type VoiprConfig,
  type VoiprSecrets,
} from './adapters/voipr.js';
import {
  ZENVIA_SCHEMA,
  ZenviaAdapter,
  type ZenviaConfig,
  type ZenviaSecrets,
} from './adapters/zenvia.js';

/** The gateways Recado speaks to. */
export type GatewayType =
  | 'zenvia'
  | 'playsms'
  | 'khal_playsms'
  | 'khal'
  | 'smsgateway_me'
  | 'torpedus'
  | 'voipr'
  | 'generic';

/** Every gateway type, in the order the settings screen offers them. */
export const GATEWAY_TYPES: readonly GatewayType[] = [
  'zenvia',
  'playsms',
  'khal_playsms',
  'khal',
  'smsgateway_me',
  'torpedus',
  'voipr',
  'generic',
];

/** What the settings screen and the store need to know of one gateway type. */
export interface GatewayTypeSpec {
  /** JSON Schema of the configuration: closed, with defaults inside. */
  readonly schema: object;
  /** Secret fields (encrypted, never read back) and whether each must be set. */
  readonly secrets: Readonly<Record<string, { readonly required: boolean }>>;
  /** Checks the schema cannot express; the problem names the field. */
  readonly check?: (config: Record<string, unknown>) => FieldProblem | undefined;
  /** Builds the adapter from a checked configuration and the decrypted secrets. */
  readonly create: (
    config: Record<string, unknown>,
    secrets: Record<string, string>,
    context: AdapterContext,
  ) => SmsAdapter;
  /** The gateway reports its credit. */
  readonly balance: boolean;
  /** Delivery reports come by polling the gateway (playSMS `op=ds`). */
  readonly polledReports: boolean;
  /** Delivery reports come by webhook (Zenvia `MESSAGE_STATUS`). */
  readonly webhookReports: boolean;
}

// The store hands `create` a configuration its schema checked and filled in, so the casts
// below only name what ajv already guaranteed.
const as = <T>(value: unknown): T => value as T;

const playSms = (prefix: string, schema: object): GatewayTypeSpec => ({
  schema,
  secrets: { token: { required: true } },
  create: (config, secrets, context) =>
    new PlaySmsAdapter(as<PlaySmsConfig>(config), as<PlaySmsSecrets>(secrets), context, prefix),
  balance: true,
  polledReports: true,
  webhookReports: false,
});

/** Each type's schema, secrets, capabilities and adapter factory. */
export const GATEWAY_SPECS: Readonly<Record<GatewayType, GatewayTypeSpec>> = {
  zenvia: {
    schema: ZENVIA_SCHEMA,
    secrets: { token: { required: true }, webhookSecret: { required: false } },
    create: (config, secrets, context) =>
      new ZenviaAdapter(as<ZenviaConfig>(config), as<ZenviaSecrets>(secrets), context),
    balance: false,
    polledReports: false,
    webhookReports: true,
  },
  // No URL of Khal's hosted playSMS was found, so both need the base URL configured.
  playsms: playSms('PLAYSMS', PLAYSMS_SCHEMA),
  khal_playsms: playSms('KHALPLAYSMS', PLAYSMS_SCHEMA),
  khal: {
    schema: KHAL_SCHEMA,
    secrets: { password: { required: true } },
    create: (config, secrets, context) =>
      new KhalAdapter(as<KhalConfig>(config), as<KhalSecrets>(secrets), context),
    balance: true,
    polledReports: false,
    webhookReports: false,
  },
  smsgateway_me: {
    schema: SMSGATEWAY_ME_SCHEMA,
    secrets: { token: { required: true } },
    create: (config, secrets, context) =>
      new SmsGatewayMeAdapter(
        as<SmsGatewayMeConfig>(config),
        as<SmsGatewayMeSecrets>(secrets),
        context,
      ),
    balance: false,
    polledReports: false,
    webhookReports: false,
  },
  torpedus: {
    schema: TORPEDUS_SCHEMA,
    secrets: { password: { required: true } },
    create: (config, secrets, context) =>
      new TorpedusAdapter(as<TorpedusConfig>(config), as<TorpedusSecrets>(secrets), context),
    balance: false,
    polledReports: false,
    webhookReports: false,
  },
  voipr: {
    schema: VOIPR_SCHEMA,
    secrets: {
      clientKey: { required: true },
      password: { required: false },
      token: { required: false },
    },
    check: (config) => {
      const voipr = as<VoiprConfig>(config);
      const problem = checkTemplates(
        { ...voipr, urlTemplate: voiprUrlTemplate(voipr) },
        VOIPR_PLACEHOLDERS,
      );
      return problem?.field === '/urlTemplate' ? { ...problem, field: '/pathTemplate' } : problem;
    },
    create: (config, secrets, context) =>
      createVoiprAdapter(as<VoiprConfig>(config), as<VoiprSecrets>(secrets), context),
    balance: false,
    polledReports: false,
    webhookReports: false,
  },
  generic: {
    schema: GENERIC_SCHEMA,
    secrets: { password: { required: false }, token: { required: false } },
    check: (config) => checkTemplates(as<GenericConfig>(config), GENERIC_PLACEHOLDERS),
    create: (config, secrets, context) =>
      new GenericAdapter(as<GenericConfig>(config), as<GenericSecrets>(secrets), context),
    balance: false,
    polledReports: false,
    webhookReports: false,
  },
};

/** Whether a value names a gateway type. */
export function isGatewayType(value: unknown): value is GatewayType {
  return typeof value === 'string' && (GATEWAY_TYPES as readonly string[]).includes(value);
}
