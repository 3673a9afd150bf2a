import { join } from 'node:path';
import { expect } from 'chai';
import { RecadoError } from '../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { Translator } from '../../src/lib/i18n.js';
import {
  PRESET_SCHEDULES,
  presetLabelKey,
  PRESETS,
  type PresetName,
} from '../../src/scheduler/gate/schedules.js';
import { parseGateSettings, type GateSettingsInput } from '../../src/scheduler/gate/settings.js';

function fieldOfFailure(input: unknown): string {
  try {
    parseGateSettings(input as GateSettingsInput);
  } catch (error) {
    expect(error).to.be.instanceOf(RecadoError);
    expect((error as RecadoError).code).to.equal('RECADO_CONFIG_INVALID');
    return String((error as RecadoError).details.field);
  }
  throw new Error('the settings were accepted');
}

describe('gate settings', () => {
  describe('parseGateSettings', () => {
    it('fills in defaults: always for transactional, br-marketing for marketing', () => {
      const settings = parseGateSettings();

      expect(settings.quietHours).to.deep.equal({
        email: { transactional: 'always', marketing: 'br-marketing' },
        sms: { transactional: 'always', marketing: 'br-marketing' },
      });
      expect(settings.schedules.sms.marketing).to.equal(PRESET_SCHEDULES['br-marketing']);
      expect(settings.limitsCacheMs).to.equal(30_000);
      expect(settings.maxRateWaitMs).to.equal(2_000);
      expect(Object.isFrozen(settings)).to.equal(true);
    });

    it('resolves a custom schedule by name, merging overlapping windows', () => {
      const input = {
        quietHours: { sms: { transactional: 'br-collection', marketing: 'loja' } },
        schedules: {
          loja: { days: { mon: ['10:00-12:00', '11:00-13:00'], sat: ['09:00-12:00'] } },
        },
      };
      const settings = parseGateSettings(input);

      const loja = settings.schedules.sms.marketing;
      expect(loja.weekdays[1]).to.deep.equal([{ start: 600, end: 780 }]);
      expect(loja.weekdays[6]).to.deep.equal([{ start: 540, end: 720 }]);
      expect(loja.closedOnHolidays).to.equal(true);
      expect(settings.schedules.sms.transactional).to.equal(PRESET_SCHEDULES['br-collection']);
      expect(input.schedules.loja).not.to.have.property('closedOnHolidays');
    });

    it('names the field of a failure', () => {
      expect(fieldOfFailure({ quietHour: {} })).to.equal('/quietHour');
      expect(fieldOfFailure({ quietHours: { sms: { marketing: 'nope' } } })).to.equal(
        '/quietHours/sms/marketing',
      );
      expect(fieldOfFailure({ schedules: { loja: { days: { sat: ['8:00-14:00'] } } } })).to.equal(
        '/schedules/loja/days/sat/0',
      );
      expect(fieldOfFailure({ schedules: { loja: { days: { sat: ['14:00-08:00'] } } } })).to.equal(
        '/schedules/loja/days/sat/0',
      );
      expect(fieldOfFailure({ schedules: { loja: { days: {} } } })).to.equal(
        '/schedules/loja/days',
      );
      expect(
        fieldOfFailure({ schedules: { always: { days: { mon: ['08:00-09:00'] } } } }),
      ).to.equal('/schedules/always');
      expect(fieldOfFailure({ maxRateWaitMs: -1 })).to.equal('/maxRateWaitMs');
    });
  });

  describe('PRESETS', () => {
    it('holds the Brazilian collection hours: weekdays 08–20, Saturday 08–14, never Sunday', () => {
      const { weekdays, closedOnHolidays } = PRESET_SCHEDULES['br-collection'];

      expect(weekdays[0]).to.deep.equal([]);
      for (const day of [1, 2, 3, 4, 5]) {
        expect(weekdays[day]).to.deep.equal([{ start: 480, end: 1200 }]);
      }
      expect(weekdays[6]).to.deep.equal([{ start: 480, end: 840 }]);
      expect(closedOnHolidays).to.equal(true);
    });

    it('has a label for every preset in every locale', () => {
      const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));
      for (const name of Object.keys(PRESETS) as PresetName[]) {
        for (const locale of i18n.locales) {
          expect(i18n.has(presetLabelKey(name), locale), `${name} in ${locale}`).to.equal(true);
        }
      }
    });
  });
});
