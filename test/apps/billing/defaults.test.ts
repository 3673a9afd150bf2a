import { expect } from 'chai';
import * as texts from '../../../src/apps/billing/default-templates.js';
import { DEFAULT_RULES } from '../../../src/apps/billing/defaults.js';
import { checkTemplate, smsTextInfo } from '../../../src/templates/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { Clock, engineFor, migrateAll, seedCustomers } from './fixtures.js';

/** Kinds whose messages are not about an invoice. */
const WITHOUT_INVOICE = new Set(['customer_blocked', 'customer_unblocked', 'birthday']);

describe('default templates', () => {
  for (const preset of DEFAULT_RULES) {
    const invoice = !WITHOUT_INVOICE.has(preset.kind);

    it(`passes the save-time check for ${preset.preset}, e-mail and SMS`, () => {
      const email = checkTemplate(
        { subject: preset.texts.subject, body: preset.texts.html },
        { channel: 'email', invoice },
      );
      const sms = checkTemplate(
        { subject: null, body: preset.texts.sms },
        { channel: 'sms', invoice },
      );

      expect(email.issues, 'e-mail').to.deep.equal([]);
      expect(sms.issues, 'sms').to.deep.equal([]);
    });

    it(`keeps the ${preset.preset} SMS in GSM-7 and within two parts`, () => {
      const sms = checkTemplate(
        { subject: null, body: preset.texts.sms },
        { channel: 'sms', invoice },
      );
      const info = smsTextInfo(sms.preview?.body ?? '');

      expect(info.encoding).to.equal('GSM-7');
      expect(info.segments).to.be.at.most(2);
    });
  }

  it('quotes amount, due date, digitable line, PIX code, payment link and provider in the reminders', () => {
    const html = texts.BEFORE_DUE.html + texts.BEFORE_DUE.subject;

    for (const variable of [
      'invoice.amount | money',
      'invoice.due_date | date',
      'invoice.digitable_line',
      'invoice.pix_code',
      'invoice.payment_link',
      'provider.name',
    ]) {
      expect(html).to.include(variable);
    }
  });
});

describeEachDatabase('billing defaults', (database) => {
  const setup = () => engineFor(database().db, new Clock());
  const count = async (table: string) =>
    Number((await database().db(table).count({ n: '*' }).first())?.n);

  before(async () => migrateAll(database().db));
  beforeEach(async () => seedCustomers(database().db));

  describe('installDefaults', () => {
    it('creates the seven default rules, each with an e-mail and an SMS template', async () => {
      const result = await setup().engine.installDefaults();

      expect(result).to.deep.equal({ rules: 7, templates: 14 });
      const rules = await setup().engine.rules.list();
      expect(rules.map((rule) => [rule.preset, rule.kind, rule.days])).to.deep.equal([
        ['before_due_3', 'before_due', 3],
        ['on_due', 'on_due', null],
        ['after_due_3', 'after_due', 3],
        ['after_due_10', 'after_due', 10],
        ['receipt', 'payment_confirmed', null],
        ['blocked', 'customer_blocked', null],
        ['birthday', 'birthday', null],
      ]);
      expect(
        rules.every((rule) => rule.templates.email !== null && rule.templates.sms !== null),
      ).to.equal(true);
    });

    it('creates nothing the second time', async () => {
      const { engine } = setup();
      await engine.installDefaults();

      const again = await engine.installDefaults();

      expect(again).to.deep.equal({ rules: 0, templates: 0 });
      expect(await count('recado_billing_rules')).to.equal(7);
      expect(await count('recado_templates')).to.equal(14);
    });

    it('creates each default once when four installs run at once, ten times over', async () => {
      for (let round = 1; round <= 10; round += 1) {
        // Each round starts after a delete: on MariaDB the deleted keys linger in the unique
        // indexes until purged, and concurrent inserts of those keys can deadlock there.
        await seedCustomers(database().db);

        const results = await Promise.all([1, 2, 3, 4].map(() => setup().engine.installDefaults()));

        const created = results.reduce((sum, result) => ({
          rules: sum.rules + result.rules,
          templates: sum.templates + result.templates,
        }));
        expect(created, `round ${round}`).to.deep.equal({ rules: 7, templates: 14 });
        expect(await count('recado_billing_rules'), `round ${round}`).to.equal(7);
        expect(await count('recado_templates'), `round ${round}`).to.equal(14);
      }
    });
  });

  describe('setUp', () => {
    it('installs the defaults on the first enable only, so a deleted default stays deleted', async () => {
      const { engine } = setup();
      await engine.setUp();
      const [first] = await engine.rules.list();
      await engine.rules.remove(first?.id as number);

      await engine.setUp();

      expect(await count('recado_billing_rules')).to.equal(6);
    });
  });
});
