import { join } from 'node:path';
import { expect } from 'chai';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import {
  easterSunday,
  holidayOn,
  holidaysOf,
  isNationalHoliday,
} from '../../src/scheduler/gate/holidays.js';

const dates = (year: number, includeOptional = false) =>
  holidaysOf(year, { includeOptional }).map((holiday) => holiday.date);

describe('holidays', () => {
  describe('easterSunday', () => {
    it('computes Easter Sunday for years with known dates', () => {
      expect(easterSunday(2024)).to.equal('2024-03-31');
      expect(easterSunday(2025)).to.equal('2025-04-20');
      expect(easterSunday(2026)).to.equal('2026-04-05');
      expect(easterSunday(2027)).to.equal('2027-03-28');
      expect(easterSunday(2038)).to.equal('2038-04-25');
    });
  });

  describe('holidaysOf', () => {
    it('lists the national holidays of 2026, Good Friday and 20 November included', () => {
      expect(dates(2026)).to.deep.equal([
        '2026-01-01',
        '2026-04-03',
        '2026-04-21',
        '2026-05-01',
        '2026-09-07',
        '2026-10-12',
        '2026-11-02',
        '2026-11-15',
        '2026-11-20',
        '2026-12-25',
      ]);
    });

    it('lists the national holidays of 2027 with Good Friday on 26 March', () => {
      expect(dates(2027)).to.include.members(['2027-03-26', '2027-11-20', '2027-01-01']);
      expect(dates(2027)).to.have.length(10);
    });

    it('leaves out Carnival and Corpus Christi unless asked for', () => {
      expect(dates(2026)).not.to.include.members(['2026-02-16', '2026-02-17', '2026-06-04']);
      expect(dates(2026, true)).to.include.members(['2026-02-16', '2026-02-17', '2026-06-04']);
      const optional = holidaysOf(2026, { includeOptional: true }).filter((day) => day.optional);
      expect(optional.map((day) => day.nameKey)).to.deep.equal([
        'gate.holiday.carnaval_segunda',
        'gate.holiday.carnaval_terca',
        'gate.holiday.corpus_christi',
      ]);
    });

    it('counts 20 November as national only from 2024 on', () => {
      expect(dates(2023)).not.to.include('2023-11-20');
      expect(dates(2024)).to.include('2024-11-20');
    });

    it('names every holiday with a key every locale has', () => {
      const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
      for (const holiday of holidaysOf(2026, { includeOptional: true })) {
        for (const locale of i18n.locales) {
          expect(i18n.has(holiday.nameKey, locale), `${holiday.nameKey} in ${locale}`).to.equal(
            true,
          );
        }
      }
    });
  });

  describe('isNationalHoliday', () => {
    it('tells holidays from ordinary days', () => {
      expect(isNationalHoliday('2026-04-03')).to.equal(true);
      expect(isNationalHoliday('2027-03-26')).to.equal(true);
      expect(isNationalHoliday('2026-11-20')).to.equal(true);
      expect(isNationalHoliday('2026-04-02')).to.equal(false);
      expect(isNationalHoliday('2026-02-17')).to.equal(false);
      expect(isNationalHoliday('2026-02-17', { includeOptional: true })).to.equal(true);
    });
  });

  describe('holidayOn', () => {
    it('gives the name key of the holiday on a date', () => {
      expect(holidayOn('2026-04-21')?.nameKey).to.equal('gate.holiday.tiradentes');
      expect(holidayOn('2026-04-22')).to.equal(undefined);
    });
  });
});
