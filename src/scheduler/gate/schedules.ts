import { normalizeWindows, type QuietHoursSchedule, type TimeWindow } from './quiet-hours.js';

/** Days of the week as settings name them, in `QuietHoursSchedule.weekdays` order. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A quiet-hours schedule as settings store it (JSON). Local times are in the provider's
 * time zone.
 */
export interface ScheduleSettings {
  /**
   * Allowed windows per day, each `HH:MM-HH:MM` with the start before the end (`24:00`
   * ends at midnight). A day left out or empty is closed. Default: every day closed. A
   * window cannot cross midnight: write `22:00-24:00` on one day and `00:00-06:00` on the
   * next.
   */
  readonly days?: Partial<Record<Weekday, readonly string[]>>;
  /** Whether national holidays are closed all day. Default true. */
  readonly closedOnHolidays?: boolean;
  /** Whether Carnival Monday and Tuesday and Corpus Christi are closed too. Default false. */
  readonly includeOptionalHolidays?: boolean;
}

/** Names of the built-in schedules. */
export type PresetName = 'always' | 'br-collection' | 'br-marketing';

const WEEKDAYS_ONLY = (window: string) => ({
  mon: [window],
  tue: [window],
  wed: [window],
  thu: [window],
  fri: [window],
});

/**
 * Built-in schedules.
 * - `always`: no quiet hours, holidays included; the default for transactional messages
 *   (receipts must not wait for the morning).
 * - `br-collection`: Brazilian practice for collection notices: Monday to Friday
 *   08:00–20:00, Saturday 08:00–14:00, never on Sundays nor national holidays.
 * - `br-marketing`: Monday to Friday 09:00–20:00, Saturday 09:00–14:00, never on Sundays
 *   nor national holidays; the default for marketing.
 */
export const PRESETS: Readonly<Record<PresetName, ScheduleSettings>> = Object.freeze({
  always: {
    days: Object.fromEntries(WEEKDAYS.map((day) => [day, ['00:00-24:00']])),
    closedOnHolidays: false,
  },
  'br-collection': {
    days: { ...WEEKDAYS_ONLY('08:00-20:00'), sat: ['08:00-14:00'] },
    closedOnHolidays: true,
  },
  'br-marketing': {
    days: { ...WEEKDAYS_ONLY('09:00-20:00'), sat: ['09:00-14:00'] },
    closedOnHolidays: true,
  },
});

/** Locale key of a preset's label. */
export function presetLabelKey(name: PresetName): string {
  return `gate.preset.${name.replace('-', '_')}`;
}

/** Pattern of one window in settings: `HH:MM-HH:MM`, `24:00` allowed as an end. */
export const WINDOW_PATTERN =
  '^(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

/** A schedule whose settings do not make sense; `field` is a JSON pointer below it. */
export class ScheduleError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'ScheduleError';
  }
}

/**
 * Turns stored settings (already checked against the JSON Schema) into a schedule the gate
 * evaluates. Throws a `ScheduleError` naming the field for a window that ends before it
 * starts, or for a schedule with no window at all.
 */
export function toSchedule(settings: ScheduleSettings): QuietHoursSchedule {
  const weekdays = WEEKDAYS.map((day) =>
    normalizeWindows(
      (settings.days?.[day] ?? []).map((text, index) => parseWindow(text, `/days/${day}/${index}`)),
    ),
  );
  if (weekdays.every((windows) => windows.length === 0)) {
    throw new ScheduleError('/days', 'has no window on any day, so nothing would ever be sent');
  }
  return Object.freeze({
    weekdays: Object.freeze(weekdays),
    closedOnHolidays: settings.closedOnHolidays ?? true,
    includeOptionalHolidays: settings.includeOptionalHolidays ?? false,
  });
}

/** `HH:MM-HH:MM` → minutes since local midnight. */
export function parseWindow(text: string, field = ''): TimeWindow {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new ScheduleError(field, `"${text}" is not HH:MM-HH:MM`);
  const [startHours, startMinutes, endHours, endMinutes] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const start = startHours * 60 + startMinutes;
  const end = endHours * 60 + endMinutes;
  if (start >= 1440 || end > 1440 || startMinutes > 59 || endMinutes > 59) {
    throw new ScheduleError(field, `"${text}" is not a time of day`);
  }
  if (start >= end) {
    throw new ScheduleError(
      field,
      `"${text}" ends before it starts; split a window that crosses midnight`,
    );
  }
  return { start, end };
}

/** The built-in schedules, ready for the gate. */
export const PRESET_SCHEDULES: Readonly<Record<PresetName, QuietHoursSchedule>> = Object.freeze({
  always: toSchedule(PRESETS.always),
  'br-collection': toSchedule(PRESETS['br-collection']),
  'br-marketing': toSchedule(PRESETS['br-marketing']),
});

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
