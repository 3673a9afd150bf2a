import { expect } from 'chai';
import {
  birthdayDates,
  birthdayMonthDays,
  birthdayRanges,
  BIRTH_YEARS,
} from '../../src/core/filters/birthdays.js';
import {
  addDays,
  isCalendarDate,
  nextMonthStart,
  startOfDayUtc,
} from '../../src/core/filters/calendar.js';

describe('filters calendar', () => {
  describe('startOfDayUtc', () => {
    it('gives the UTC instant a day starts at in São Paulo', () => {
      expect(startOfDayUtc('2026-12-03', 'America/Sao_Paulo')).to.equal('2026-12-03 03:00:00');
    });

    it('follows a zone with daylight saving time on both sides of the change', () => {
      expect(startOfDayUtc('2026-03-29', 'Europe/Lisbon')).to.equal('2026-03-29 00:00:00');
      expect(startOfDayUtc('2026-03-30', 'Europe/Lisbon')).to.equal('2026-03-29 23:00:00');
    });

    it('handles a zone ahead of UTC', () => {
      expect(startOfDayUtc('2026-01-01', 'Asia/Tokyo')).to.equal('2025-12-31 15:00:00');
    });
  });

  describe('addDays', () => {
    it('crosses months, years and 29 February', () => {
      expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
      expect(addDays('2028-03-01', -1)).to.equal('2028-02-29');
      expect(addDays('2026-12-03', -30)).to.equal('2026-11-03');
      expect(nextMonthStart('2026-12-15')).to.equal('2027-01-01');
    });
  });

  describe('isCalendarDate', () => {
    it('refuses a day that does not exist', () => {
      expect(isCalendarDate('2027-02-29')).to.equal(false);
      expect(isCalendarDate('2028-02-29')).to.equal(true);
    });
  });
});

describe('filters birthdays', () => {
  describe('birthdayMonthDays', () => {
    it('adds 29 February to 28 February in a common year', () => {
      expect(birthdayMonthDays({ kind: 'today' }, '2027-02-28')).to.deep.equal(['02-28', '02-29']);
      expect(birthdayMonthDays({ kind: 'today' }, '2028-02-28')).to.deep.equal(['02-28']);
    });

    it('wraps within N days into January', () => {
      expect(birthdayMonthDays({ kind: 'within_days', days: 3 }, '2026-12-30')).to.deep.equal([
        '12-30',
        '12-31',
        '01-01',
        '01-02',
      ]);
    });

    it('lists every day of this month', () => {
      expect(birthdayMonthDays({ kind: 'this_month' }, '2027-02-10')).to.have.length(29);
      expect(birthdayMonthDays({ kind: 'this_month' }, '2026-12-03')).to.have.length(31);
    });
  });

  describe('birthdayDates', () => {
    it('gives one date per birth year and day of the window, in order', () => {
      const dates = birthdayDates({ kind: 'within_days', days: 2 }, '2026-12-30');

      expect(dates).to.have.length(3 * (BIRTH_YEARS + 1));
      expect(dates).to.deep.equal([...dates].sort());
      expect(dates.slice(0, 3)).to.deep.equal([
        `${2026 - BIRTH_YEARS}-01-01`,
        `${2026 - BIRTH_YEARS}-12-30`,
        `${2026 - BIRTH_YEARS}-12-31`,
      ]);
    });

    it('lists 29 February only in leap birth years', () => {
      const dates = birthdayDates({ kind: 'today' }, '2027-02-28');

      expect(dates).to.include.members(['2000-02-29', '2001-02-28']);
      expect(dates).not.to.include('2001-02-29');
    });
  });

  describe('birthdayRanges', () => {
    it('gives one date per birth year for today', () => {
      const ranges = birthdayRanges({ kind: 'today' }, '2026-12-03');

      expect(ranges).to.have.length(BIRTH_YEARS + 1);
      expect(ranges[0]).to.deep.equal([
        `${2026 - BIRTH_YEARS}-12-03`,
        `${2026 - BIRTH_YEARS}-12-03`,
      ]);
      expect(ranges.at(-1)).to.deep.equal(['2026-12-03', '2026-12-03']);
    });

    it('joins December of one year to January of the next', () => {
      const ranges = birthdayRanges({ kind: 'within_days', days: 5 }, '2026-12-30');

      expect(ranges).to.deep.include(['1990-12-30', '1991-01-04']);
    });

    it('includes 29 February only in leap birth years', () => {
      const ranges = birthdayRanges({ kind: 'today' }, '2027-02-28');

      expect(ranges).to.deep.include(['2000-02-28', '2000-02-29']);
      expect(ranges).to.deep.include(['2001-02-28', '2001-02-28']);
    });
  });
});
