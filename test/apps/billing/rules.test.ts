import { join } from 'node:path';
import { expect } from 'chai';
import { billingErrorText } from '../../../src/apps/billing/rule-schema.js';
import { isRecadoError, type RecadoError } from '../../../src/core/errors.js';
import { PLUGIN_ROOT } from '../../../src/index.js';
import { Translator } from '../../../src/lib/i18n.js';
import { describeEachDatabase } from '../../support/databases.js';
import { Clock, engineFor, migrateAll, seedCustomers } from './fixtures.js';

const i18n = Translator.fromDirectory(join(PLUGIN_ROOT, 'locales'));

describeEachDatabase('RuleStore', (database) => {
  let templates: { email: number; sms: number };
  const store = () => engineFor(database().db, new Clock()).engine.rules;
  const valid = () => ({
    kind: 'after_due',
    days: 5,
    name: 'Cobrança 5 dias após',
    channels: ['email', 'sms'],
    templates,
    sendHour: 11,
  });
  async function failure(input: unknown): Promise<RecadoError> {
    const error = await store()
      .create(input)
      .catch((caught: unknown) => caught);
    if (!isRecadoError(error)) throw new Error(`expected a RecadoError, got ${String(error)}`);
    return error;
  }

  before(async () => migrateAll(database().db));
  beforeEach(async () => {
    await seedCustomers(database().db);
    const stamp = '2026-12-01 00:00:00';
    const row = (channel: string) => ({
      channel,
      name: 'Aviso',
      subject: channel === 'email' ? 'Oi' : null,
      body: 'Oi',
      created_at: stamp,
      updated_at: stamp,
    });
    const [email] = await database().db('recado_templates').insert(row('email'));
    const [sms] = await database().db('recado_templates').insert(row('sms'));
    templates = { email: Number(email), sms: Number(sms) };
  });

  describe('create', () => {
    it('saves a rule with its defaults and reads it back', async () => {
      const rule = await store().create({ ...valid(), sendHour: undefined });

      expect(rule).to.include({
        kind: 'after_due',
        days: 5,
        sendHour: 9,
        enabled: true,
        position: 1,
        filter: null,
        preset: null,
      });
      expect(rule.channels).to.deep.equal(['email', 'sms']);
      expect(rule.templates).to.deep.equal(templates);
      expect(await store().get(rule.id)).to.deep.equal(rule);
    });

    it('names the field of a value out of range, in words an operator reads', async () => {
      const error = await failure({ ...valid(), days: 366 });

      expect(error.code).to.equal('RECADO_BILLING_RULE_INVALID');
      expect(error.details).to.include({
        field: 'days',
        reason: 'billing.reason.maximum',
        limit: 365,
      });
      expect(billingErrorText(i18n, 'pt-BR', error)).to.equal(
        'A regra é inválida no campo days: deve ser no máximo 365.',
      );
      expect(billingErrorText(i18n, 'en', error)).to.equal(
        'The rule is invalid in field days: must be at most 365.',
      );
    });

    it('refuses an unknown field, a missing step, an hour past 23 and an empty channel list', async () => {
      expect((await failure({ ...valid(), color: 'red' })).details).to.include({
        field: 'color',
        reason: 'billing.reason.unknown_field',
      });
      expect((await failure({ ...valid(), days: null })).details).to.include({
        field: 'days',
        reason: 'billing.reason.required',
      });
      expect((await failure({ ...valid(), days: 0 })).details).to.include({
        field: 'days',
        reason: 'billing.reason.minimum',
      });
      expect((await failure({ ...valid(), sendHour: 24 })).details).to.include({
        field: 'sendHour',
      });
      expect((await failure({ ...valid(), channels: [] })).details).to.include({
        field: 'channels',
      });
      expect((await failure({ ...valid(), kind: 'weekly' })).details).to.include({
        field: 'kind',
        reason: 'billing.reason.enum',
      });
    });

    it('needs a template of the right channel for each channel', async () => {
      const missing = await failure({ ...valid(), templates: { email: templates.email } });
      const swapped = await failure({
        ...valid(),
        templates: { email: templates.sms, sms: templates.sms },
      });

      expect(missing.code).to.equal('RECADO_BILLING_TEMPLATE_MISSING');
      expect(missing.details).to.include({ field: 'templates/sms', channel: 'sms' });
      expect(swapped.details).to.include({ field: 'templates/email' });
    });

    it('checks the filter with the filter engine', async () => {
      const error = await failure({
        ...valid(),
        filter: { all: [{ field: 'shoe_size', op: 'eq', value: 1 }] },
      });

      expect(error.code).to.equal('RECADO_FILTER_INVALID');
    });

    it('drops the step of a kind that has none', async () => {
      const rule = await store().create({ ...valid(), kind: 'birthday', days: 4 });

      expect(rule.days).to.equal(null);
    });
  });

  describe('update', () => {
    it('replaces a rule and keeps its position', async () => {
      const first = await store().create(valid());
      await store().create({ ...valid(), name: 'Outra' });

      const updated = await store().update(first.id, {
        ...valid(),
        name: 'Só e-mail',
        channels: ['email'],
      });

      expect(updated).to.include({ name: 'Só e-mail', position: 1 });
      expect(updated.channels).to.deep.equal(['email']);
    });
  });

  describe('setEnabled, reorder and remove', () => {
    it('switches a rule off, orders the list and deletes', async () => {
      const first = await store().create(valid());
      const second = await store().create({ ...valid(), name: 'Segunda' });

      await store().setEnabled(first.id, false);
      await store().reorder([second.id, first.id]);

      expect((await store().list()).map((rule) => [rule.id, rule.enabled])).to.deep.equal([
        [second.id, true],
        [first.id, false],
      ]);
      expect(await store().list({ enabledOnly: true })).to.have.lengthOf(1);
      await store().remove(first.id);
      const gone = await store()
        .get(first.id)
        .catch((error: RecadoError) => error);
      expect(gone).to.have.property('code', 'RECADO_BILLING_RULE_NOT_FOUND');
    });
  });
});
