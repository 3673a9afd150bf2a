import { expect } from 'chai';
import { parseProviderSettings } from '../../../src/apps/billing/settings-schema.js';
import { isRecadoError } from '../../../src/core/errors.js';
import { describeEachDatabase } from '../../support/databases.js';
import { useSignedInPanel } from '../../support/panel.js';
import { Clock, engineFor } from './fixtures.js';

/** The CSRF token of the settings form. */
function formToken(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF field on the page');
  return token;
}

const VALID = {
  name: '  Fibra Rápida Telecom ',
  phone: '(11) 4000-1234',
  site: 'https://fibrarapida.com.br',
  email: 'atendimento@fibrarapida.com.br',
  poll_payments: 'always',
  poll_lookback_days: '5',
};

describe('parseProviderSettings', () => {
  const refusal = (input: unknown) => {
    try {
      parseProviderSettings(input);
    } catch (error) {
      if (isRecadoError(error)) return { code: error.code, ...error.details };
      throw error;
    }
    throw new Error('accepted');
  };

  it('keeps a name, trims texts and reads empty optional fields as none', () => {
    expect(parseProviderSettings({ name: ' Net ', phone: '', site: ' ', email: '' })).to.deep.equal(
      { name: 'Net', phone: null, site: null, email: null },
    );
  });

  it('takes the phone numbers Brazilian providers print', () => {
    for (const phone of ['(11) 4000-1234', '0800 123 4567', '+55 (11) 4000-1234', '4003.1234']) {
      expect(parseProviderSettings({ name: 'Net', phone }).phone).to.equal(phone);
    }
  });

  it('names the field and the reason of what it refuses', () => {
    expect(refusal({ name: '   ' })).to.deep.include({
      code: 'RECADO_BILLING_SETTINGS_INVALID',
      field: 'provider/name',
      reason: 'billing.reason.empty',
    });
    expect(refusal({ name: 'x'.repeat(81) })).to.deep.include({
      field: 'provider/name',
      reason: 'billing.reason.too_long',
    });
    for (const phone of ['ligue já', '4000-123', '(11) 4000-1234 ramal 2']) {
      expect(refusal({ name: 'Net', phone }), phone).to.deep.include({
        field: 'provider/phone',
        reason: 'billing.reason.phone',
      });
    }
    for (const site of ['javascript:alert(1)', 'http://', 'fibrarapida.com.br']) {
      expect(refusal({ name: 'Net', site }), site).to.deep.include({
        field: 'provider/site',
        reason: 'billing.reason.site',
      });
    }
    expect(refusal({ name: 'Net', email: 'atendimento' })).to.deep.include({
      field: 'provider/email',
      reason: 'billing.reason.email',
    });
    expect(refusal({ name: 'Net', fax: '1' })).to.deep.include({
      reason: 'billing.reason.unknown_field',
    });
  });
});

describeEachDatabase('billing settings screen', (database) => {
  const panel = useSignedInPanel(database);
  let token: string;
  const engine = () => engineFor(database().db, new Clock(new Date())).engine;
  const stored = async () =>
    (await database().db('recado_settings').whereIn('area', ['provider', 'billing']))
      .map((row: { area: string; value: string }) => [row.area, JSON.parse(row.value)])
      .sort();
  /** Posts the settings form as `VALID` with some fields changed. */
  const save = (changes: Record<string, string> = {}) =>
    panel().admin.post('/apps/billing/settings', { _csrf: token, ...VALID, ...changes });

  beforeEach(async () => {
    await database().db('recado_settings').whereIn('area', ['provider', 'billing']).delete();
    token = formToken((await panel().admin.get('/apps/billing/settings')).html);
  });

  it('shows the defaults to an operator with billing.manage, and no one else', async () => {
    const page = await panel().admin.get('/apps/billing/settings');

    expect(page.status).to.equal(200);
    expect(page.html).to.contain('value="Seu Provedor"');
    expect(page.html).to.match(/<option value="auto" selected>/);
    expect(page.html).to.contain(
      'name="poll_lookback_days" type="number" min="0" max="30" value="2"',
    );
    expect((await panel().operator.get('/apps/billing/settings')).status).to.equal(403);
    expect((await panel().admin.get('/apps/billing/')).html).to.contain(
      'href="/apps/billing/settings"',
    );
    expect((await panel().operator.get('/apps/billing/')).html).not.to.contain(
      '/apps/billing/settings',
    );
  });

  it('saves the provider and the poll together, and messages quote the provider from then on', async () => {
    const answer = await save();

    expect(answer.status).to.equal(303);
    expect(answer.location).to.equal('/apps/billing/settings?done=saved');
    expect(await engine().provider()).to.deep.equal({
      name: 'Fibra Rápida Telecom',
      phone: '(11) 4000-1234',
      site: 'https://fibrarapida.com.br',
      email: 'atendimento@fibrarapida.com.br',
    });
    expect(await engine().settings()).to.deep.equal({
      pollPayments: 'always',
      pollLookbackDays: 5,
    });
    const customer = await database().db('customers').first('id');
    const preview = await panel().admin.post('/apps/email/templates/preview', {
      _csrf: token,
      subject: 'Oi',
      body: '<p>Equipe {{ provider.name }}, {{ provider.phone }}</p>',
      customerId: String(customer.id),
    });
    expect(preview.status).to.equal(200);
    expect(JSON.parse(preview.html).body).to.contain('Equipe Fibra Rápida Telecom, (11) 4000-1234');
    const page = await panel().admin.get('/apps/billing/settings?done=saved');
    expect(page.html).to.contain('Configurações salvas.');
    expect(page.html).to.contain('value="Fibra Rápida Telecom"');
    expect(page.html).to.match(/<option value="always" selected>/);
  });

  it('shows the form back with 422 and the message by the field, saving neither part', async () => {
    await save();
    const before = await stored();

    const badSite = await save({ name: 'Outro Nome', site: 'javascript:alert(1)' });
    const badDays = await save({ name: 'Outro Nome', poll_lookback_days: '31' });

    expect(badSite.status).to.equal(422);
    expect(badSite.html).to.contain('data-error-field="site"');
    expect(badSite.html).to.contain(
      'Site: deve ser um endereço que comece com http:// ou https://.',
    );
    expect(badSite.html).to.contain('value="Outro Nome"');
    expect(badSite.html).to.contain('value="javascript:alert(1)"');
    expect(badDays.status).to.equal(422);
    expect(badDays.html).to.contain('data-error-field="pollLookbackDays"');
    expect(badDays.html).to.contain('Dias para trás na procura: deve ser no máximo 30.');
    expect(await stored()).to.deep.equal(before);
  });

  it('escapes what the operator typed when it shows the form back', async () => {
    const answer = await save({ name: '"><script>alert(1)</script>', email: 'x' });

    expect(answer.status).to.equal(422);
    expect(answer.html).not.to.contain('<script>alert(1)</script>');
    expect(answer.html).to.contain('&quot;&gt;&lt;script&gt;');
  });

  it('refuses a post without a valid CSRF token, or from an operator without billing.manage', async () => {
    for (const forged of ['', 'forged']) {
      const answer = await panel().admin.post('/apps/billing/settings', {
        _csrf: forged,
        ...VALID,
      });
      expect(answer.status, forged).to.equal(403);
    }
    const operatorToken = formToken((await panel().operator.get('/apps/email/groups/new')).html);
    const answer = await panel().operator.post('/apps/billing/settings', {
      _csrf: operatorToken,
      ...VALID,
    });

    expect(answer.status).to.equal(403);
    expect(await stored()).to.deep.equal([]);
  });
});
