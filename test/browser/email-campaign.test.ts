import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { toSqlTime } from '../../src/lib/time.js';
import type { Sinks } from '../../src/panel/sinks/index.js';
import {
  cityWithUnreachable,
  readyChannel,
  sendCityCampaign,
  SINK_ACCOUNT,
  useCampaignPanel,
  type ChannelSetup,
} from '../support/campaign-checks.js';

const EMAIL: ChannelSetup = {
  channel: 'email',
  createAccount: createSinkAccount,
  template: {
    name: 'Aviso de manutenção',
    subject: 'Manutenção na rede de {{ customer.city }}',
    body: [
      '<p>Olá, {{ customer.first_name }}!</p>',
      '<p>Na quinta-feira faremos a troca dos equipamentos da sua região.</p>',
      '<p><a href="{{ unsubscribe_url }}">Não quero mais receber</a></p>',
    ].join('\n'),
  },
};

/** Creates an SMTP account on the account form that sends to the local SMTP sink. */
async function createSinkAccount(page: Page, appUrl: string, sinks: Sinks): Promise<void> {
  await page.goto(`${appUrl}/accounts`);
  await page.getByRole('link', { name: 'Nova conta' }).click();
  await page.getByLabel('Nome da conta').fill(SINK_ACCOUNT);
  await page.getByLabel('Provedor').selectOption({ label: 'Outro servidor' });
  await page.getByLabel('Servidor SMTP').fill('127.0.0.1');
  await page.getByLabel('Porta', { exact: true }).fill(String(sinks.smtpPort));
  await page.getByLabel('Segurança').selectOption({ label: 'Sem criptografia (só relay local)' });
  await page.getByLabel('E-mail do remetente').fill('avisos@provedor.test');
  // The form starts from the Gmail preset's limits; the sink has none.
  await page.getByLabel('Mensagens por segundo').fill('');
  await page.getByLabel('Limite diário').fill('');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await page.waitForURL(`${appUrl}/accounts?done=saved`);
}

describe('E-mail campaign in Chromium', function () {
  this.timeout(180_000);
  const panel = useCampaignPanel('E-mail campaign in Chromium');

  it('sends a campaign to a city chosen in the filter builder to every customer with an e-mail who did not opt out, and the outbox holds exactly those', async () => {
    const page = await readyChannel(panel(), EMAIL);
    const { db } = panel().database;
    const city = await cityWithUnreachable(panel().database, 'email', 3);
    const reachable = await db('customers')
      .where({ city })
      .whereNot({ status: 'cancelled' })
      .whereNotNull('email')
      .first('id');
    // A customer who used the unsubscribe link of an earlier campaign.
    const optOut = { customer_id: reachable.id, channel: 'email' };
    await db('recado_opt_outs').insert({ ...optOut, created_at: toSqlTime(new Date()) });

    const campaign = await sendCityCampaign(panel(), page, EMAIL, city);
    expect(campaign.outcomes[reachable.id]).to.deep.equal({
      status: 'skipped',
      code: 'RECADO_SKIP_OPTED_OUT',
    });
    expect(campaign.outbox).not.to.be.empty;
    for (const message of campaign.outbox) {
      expect(message.subject).to.equal(`Manutenção na rede de ${city}`);
      expect(message.body).to.contain('troca dos equipamentos da sua região');
    }
  });
});
