import { expect } from 'chai';
import { isAllowed, nextAllowed } from '../../src/scheduler/gate/quiet-hours.js';
import { PRESET_SCHEDULES, toSchedule } from '../../src/scheduler/gate/schedules.js';
import { instantAt, startOfNextDay } from '../../src/scheduler/gate/zoned-time.js';

const SAO_PAULO = 'America/Sao_Paulo';
const NEW_YORK = 'America/New_York';
const collection = PRESET_SCHEDULES['br-collection'];
const at = (iso: string) => new Date(iso);
const next = (iso: string, schedule = collection, zone = SAO_PAULO) =>
  nextAllowed(at(iso), schedule, zone).toISOString();

describe('quiet hours', () => {
  describe('nextAllowed', () => {
    it('returns the instant itself inside a window', () => {
      // Monday 2026-12-07 10:00 in São Paulo.
      expect(next('2026-12-07T13:00:00.000Z')).to.equal('2026-12-07T13:00:00.000Z');
    });

    it('moves Friday 20:30 in São Paulo to Saturday 08:00, and a Sunday to Monday 08:00', () => {
      expect(next('2026-12-04T23:30:00.000Z')).to.equal('2026-12-05T11:00:00.000Z');
      // Saturday 14:30, then all of Sunday, wait for Monday 08:00 (11:00Z).
      expect(next('2026-12-05T17:30:00.000Z')).to.equal('2026-12-07T11:00:00.000Z');
      expect(next('2026-12-06T15:00:00.000Z')).to.equal('2026-12-07T11:00:00.000Z');
    });

    it('moves Friday 20:30 to Monday 08:00 (11:00Z) when Saturday is closed', () => {
      const weekdays = toSchedule({
        days: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['08:00-20:00']]),
        ),
      });
      expect(next('2026-12-04T23:30:00.000Z', weekdays)).to.equal('2026-12-07T11:00:00.000Z');
    });

    it('allows Saturday 13:59 and holds Saturday 14:00', () => {
      expect(isAllowed(at('2026-12-05T16:59:00.000Z'), collection, SAO_PAULO)).to.equal(true);
      expect(isAllowed(at('2026-12-05T16:59:59.999Z'), collection, SAO_PAULO)).to.equal(true);
      expect(isAllowed(at('2026-12-05T17:00:00.000Z'), collection, SAO_PAULO)).to.equal(false);
    });

    it('skips a holiday on a Tuesday', () => {
      // Monday 2026-04-20 20:30; Tuesday 21 April is Tiradentes.
      expect(next('2026-04-20T23:30:00.000Z')).to.equal('2026-04-22T11:00:00.000Z');
      expect(next('2026-04-21T13:00:00.000Z')).to.equal('2026-04-22T11:00:00.000Z');
    });

    it('reads 23:30 in São Paulo as the local day, though in UTC it is the next day', () => {
      // Thursday 2026-11-19 23:30 local is Friday 02:30Z; Friday 20 November is a holiday.
      expect(next('2026-11-20T02:30:00.000Z')).to.equal('2026-11-21T11:00:00.000Z');
      const lateMonday = toSchedule({ days: { mon: ['18:00-24:00'] } });
      expect(next('2026-12-08T02:30:00.000Z', lateMonday)).to.equal('2026-12-08T02:30:00.000Z');
    });

    it("moves New Year's Eve evening past New Year's Day", () => {
      // Thursday 2026-12-31 20:30; Friday 1 January is closed; Saturday 2 opens at 08:00.
      expect(next('2026-12-31T23:30:00.000Z')).to.equal('2027-01-02T11:00:00.000Z');
      const marketing = PRESET_SCHEDULES['br-marketing'];
      expect(next('2026-12-31T23:30:00.000Z', marketing)).to.equal('2027-01-02T12:00:00.000Z');
    });

    it('passes everything with the always schedule, Sunday 03:00 and holidays included', () => {
      const always = PRESET_SCHEDULES.always;
      expect(next('2026-12-06T06:00:00.000Z', always)).to.equal('2026-12-06T06:00:00.000Z');
      expect(next('2026-12-25T06:00:00.000Z', always)).to.equal('2026-12-25T06:00:00.000Z');
    });

    it('closes the pontos facultativos only when the schedule asks', () => {
      const strict = toSchedule({
        days: { tue: ['08:00-20:00'], wed: ['08:00-20:00'] },
        includeOptionalHolidays: true,
      });
      // Carnival Tuesday 2026-02-17 10:00.
      expect(next('2026-02-17T13:00:00.000Z')).to.equal('2026-02-17T13:00:00.000Z');
      expect(next('2026-02-17T13:00:00.000Z', strict)).to.equal('2026-02-18T11:00:00.000Z');
    });

    it('follows daylight saving time in New York across a weekend', () => {
      const weekdays = toSchedule({
        days: { mon: ['08:00-20:00'], fri: ['08:00-20:00'] },
        closedOnHolidays: false,
      });
      // Friday 2026-03-06 20:30 EST; Monday 9 March 08:00 is EDT (UTC-4) after the change.
      expect(next('2026-03-07T01:30:00.000Z', weekdays, NEW_YORK)).to.equal(
        '2026-03-09T12:00:00.000Z',
      );
      // Friday 2026-10-30 20:30 EDT; Monday 2 November 08:00 is EST (UTC-5).
      expect(next('2026-10-31T00:30:00.000Z', weekdays, NEW_YORK)).to.equal(
        '2026-11-02T13:00:00.000Z',
      );
    });

    it('opens a window that starts in the skipped hour when the clock jumps forward', () => {
      // Sunday 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z).
      const night = toSchedule({ days: { sun: ['02:30-04:00'] }, closedOnHolidays: false });
      expect(next('2026-03-08T06:00:00.000Z', night, NEW_YORK)).to.equal(
        '2026-03-08T07:00:00.000Z',
      );
    });

    it('opens at the second 01:45 when the clock goes back and the first has passed', () => {
      // Sunday 2026-11-01 in New York: 02:00 EDT goes back to 01:00 EST (06:00Z).
      const night = toSchedule({ days: { sun: ['01:45-03:00'] }, closedOnHolidays: false });
      expect(next('2026-11-01T05:30:00.000Z', night, NEW_YORK)).to.equal(
        '2026-11-01T05:45:00.000Z',
      );
      expect(next('2026-11-01T06:30:00.000Z', night, NEW_YORK)).to.equal(
        '2026-11-01T06:45:00.000Z',
      );
    });
  });
});

describe('zoned time', () => {
  describe('instantAt', () => {
    it('turns a local date and minute into the UTC instant', () => {
      expect(instantAt('2026-12-07', 8 * 60, SAO_PAULO).toISOString()).to.equal(
        '2026-12-07T11:00:00.000Z',
      );
      expect(instantAt('2026-07-01', 0, NEW_YORK).toISOString()).to.equal(
        '2026-07-01T04:00:00.000Z',
      );
    });
  });

  describe('startOfNextDay', () => {
    it('gives local midnight of the next day, from late evening too', () => {
      expect(startOfNextDay(at('2026-12-08T02:30:00.000Z'), SAO_PAULO).toISOString()).to.equal(
        '2026-12-08T03:00:00.000Z',
      );
      expect(startOfNextDay(at('2026-03-08T12:00:00.000Z'), NEW_YORK).toISOString()).to.equal(
        '2026-03-09T04:00:00.000Z',
      );
    });
  });
});
