import { Ajv, type ErrorObject } from 'ajv';
import { RecadoError } from '../../core/errors.js';
import type { ChannelName, DeliveryKind } from '../../queue/types.js';
import type { QuietHoursSchedule } from './quiet-hours.js';
import {
  isPresetName,
  PRESET_SCHEDULES,
  ScheduleError,
  toSchedule,
  WEEKDAYS,
  WINDOW_PATTERN,
  type ScheduleSettings,
} from './schedules.js';

/** Which schedule, by name, messages of each channel and kind follow. */
export type QuietHoursMap = Readonly<Record<ChannelName, Readonly<Record<DeliveryKind, string>>>>;

/** Gate settings as stored or passed in (JSON); every field has a default. */
export interface GateSettingsInput {
  /**
   * Schedule name per channel and kind: a preset (`always`, `br-collection`,
   * `br-marketing`) or a key of `schedules`. Default `always` for transactional and
   * `br-marketing` for marketing, on both channels.
   */
  readonly quietHours?: Partial<Record<ChannelName, Partial<Record<DeliveryKind, string>>>>;
  /** Custom schedules by name (lowercase, digits, dashes; not a preset name). Default none. */
  readonly schedules?: Readonly<Record<string, ScheduleSettings>>;
  /** How long account limits are cached, in ms. Default 30 000. */
  readonly limitsCacheMs?: number;
  /**
   * How long daily quota a worker process took stays its own without being recorded, in ms
   * (see `DailyQuota`); keep it at the worker's lease. Default 300 000 (5 min).
   */
  readonly reservationMs?: number;
  /** Longest wait for a send instant inside `admit`, in ms; a longer one holds. Default 2 000. */
  readonly maxRateWaitMs?: number;
}

/** Checked settings with defaults applied and schedule names resolved. */
export interface GateSettings {
  readonly quietHours: QuietHoursMap;
  /** The schedule each channel and kind follows. */
  readonly schedules: Readonly<
    Record<ChannelName, Readonly<Record<DeliveryKind, QuietHoursSchedule>>>
  >;
  readonly limitsCacheMs: number;
  readonly reservationMs: number;
  readonly maxRateWaitMs: number;
}

const NAME = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' } as const;

const kinds = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    transactional: { ...NAME, default: 'always' },
    marketing: { ...NAME, default: 'br-marketing' },
  },
} as const;

const windows = {
  type: 'array',
  maxItems: 8,
  items: { type: 'string', pattern: WINDOW_PATTERN },
} as const;

const schedule = {
  type: 'object',
  additionalProperties: false,
  required: ['days'],
  properties: {
    days: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(WEEKDAYS.map((day) => [day, windows])),
    },
    closedOnHolidays: { type: 'boolean', default: true },
    includeOptionalHolidays: { type: 'boolean', default: false },
  },
} as const;

const validate = new Ajv({ useDefaults: true }).compile({
  type: 'object',
  additionalProperties: false,
  properties: {
    quietHours: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { email: kinds, sms: kinds },
    },
    schedules: {
      type: 'object',
      default: {},
      propertyNames: NAME,
      additionalProperties: schedule,
    },
    limitsCacheMs: { type: 'integer', minimum: 0, default: 30_000 },
    reservationMs: { type: 'integer', minimum: 1_000, default: 300_000 },
    maxRateWaitMs: { type: 'integer', minimum: 0, default: 2_000 },
  },
});

type Filled = Required<GateSettingsInput> & {
  quietHours: Record<ChannelName, Record<DeliveryKind, string>>;
  schedules: Record<string, ScheduleSettings>;
};

/**
 * Checks gate settings against the schema, fills in defaults and resolves each schedule
 * name. Throws `RECADO_CONFIG_INVALID` whose details name the field (a JSON pointer such as
 * `/schedules/loja/days/sat/0`). The input is not changed; the result is frozen.
 */
export function parseGateSettings(input: GateSettingsInput = {}): GateSettings {
  const settings = structuredClone(input) as Filled;
  if (!validate(settings)) {
    const error = validate.errors?.[0];
    invalid(fieldOf(error), messageOf(error));
  }

  const custom = new Map<string, QuietHoursSchedule>();
  for (const [name, entry] of Object.entries(settings.schedules)) {
    if (isPresetName(name)) invalid(`/schedules/${name}`, 'is the name of a preset');
    custom.set(name, scheduleOf(entry, `/schedules/${name}`));
  }
  const resolve = (channel: ChannelName, kind: DeliveryKind): QuietHoursSchedule => {
    const name = settings.quietHours[channel][kind];
    const found = isPresetName(name) ? PRESET_SCHEDULES[name] : custom.get(name);
    if (!found)
      invalid(`/quietHours/${channel}/${kind}`, `"${name}" is neither a preset nor a schedule`);
    return found;
  };

  const byKind = (channel: ChannelName) =>
    Object.freeze({
      transactional: resolve(channel, 'transactional'),
      marketing: resolve(channel, 'marketing'),
    });
  return Object.freeze({
    quietHours: Object.freeze({
      email: Object.freeze(settings.quietHours.email),
      sms: Object.freeze(settings.quietHours.sms),
    }),
    schedules: Object.freeze({ email: byKind('email'), sms: byKind('sms') }),
    limitsCacheMs: settings.limitsCacheMs,
    reservationMs: settings.reservationMs,
    maxRateWaitMs: settings.maxRateWaitMs,
  });
}

function scheduleOf(entry: ScheduleSettings, field: string): QuietHoursSchedule {
  try {
    return toSchedule(entry);
  } catch (error) {
    if (error instanceof ScheduleError) invalid(`${field}${error.field}`, error.message);
    throw error;
  }
}

function fieldOf(error: ErrorObject | undefined): string {
  const tail = error?.params.additionalProperty ?? error?.propertyName;
  const path = `${error?.instancePath ?? ''}${tail === undefined ? '' : `/${String(tail)}`}`;
  return path || '/';
}

/** Patterns read as what they ask for rather than as regular expressions. */
const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [WINDOW_PATTERN]: 'must be a window HH:MM-HH:MM (24:00 may end it)',
  [NAME.pattern]: 'must be lowercase letters, digits and dashes, starting with a letter',
};

function messageOf(error: ErrorObject | undefined): string {
  if (error?.keyword === 'pattern')
    return PATTERN_HINTS[String(error.params.pattern)] ?? 'is malformed';
  return error?.message ?? 'is invalid';
}

function invalid(field: string, message: string): never {
  throw new RecadoError('RECADO_CONFIG_INVALID', {
    field,
    reason: `gate settings ${field} ${message}`,
  });
}
