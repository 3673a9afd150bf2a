import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Sinks } from '../../src/panel/sinks/index.js';
import {
  cityWithUnreachable,
  readyChannel,
  sendCityCampaign,
  SINK_ACCOUNT,
  useCampaignPanel,
  type ChannelSetup,
} from '../support/campaign-checks.js';

const SMS: ChannelSetup = {
  channel: 'sms',
  createAccount: createSinkGateway,
  template: {
    name: 'Aviso de manutenção por SMS',
    body: 'Provedor: manutencao na rede de {{ customer.city | ascii }} na quinta, das 8h as 12h.',
  },
};

/**
 * Creates a generic HTTP gateway on the gateway form that sends to the panel's SMS sink,
 * as the sink documents itself: `GET /send?to=…&msg=…`, answering `{"status":"ok","id":…}`.
 */
async function createSinkGateway(page: Page, appUrl: string, sinks: Sinks): Promise<void> {
  const url = `http://127.0.0.1:${sinks.smsPort}/send?to={to}&msg={message}`;
  await page.goto(`${appUrl}/gateways`);
  await page.getByRole('link', { name: 'Novo gateway' }).click();
  await page.getByRole('link', { name: 'Genérico (HTTP)' }).click();
  await page.getByLabel('Nome', { exact: true }).fill(SINK_ACCOUNT);
  await page.getByLabel('URL com marcadores').fill(url);
  await page.getByLabel('Sucesso: caminho JSON', { exact: true }).fill('status');
  await page.getByLabel('Sucesso: valor esperado no caminho JSON', { exact: true }).fill('ok');
  await page.getByLabel('Id do gateway: caminho JSON', { exact: true }).fill('id');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await page.waitForURL(`${appUrl}/gateways?done=saved`);
}

/** The city as the template's `ascii` filter writes it: accents dropped. */
function asciiCity(city: string): string {
  return city.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

describe('SMS campaign in Chromium', function () {
  this.timeout(180_000);
  const panel = useCampaignPanel('SMS campaign in Chromium');

  it('sends a campaign to a city chosen in the filter builder through a gateway to the SMS sink, skipping customers without a mobile', async () => {
    const page = await readyChannel(panel(), SMS);
    const city = await cityWithUnreachable(panel().database, 'sms', 2);

    const campaign = await sendCityCampaign(panel(), page, SMS, city);
    const skipped = Object.values(campaign.outcomes).map((outcome) => outcome.code);
    expect(skipped, 'a customer without a mobile, skipped').to.include('RECADO_SKIP_NO_ADDRESS');
    expect(campaign.outbox).not.to.be.empty;
    for (const message of campaign.outbox) {
      expect(message.body).to.equal(
        `Provedor: manutencao na rede de ${asciiCity(city)} na quinta, das 8h as 12h.`,
      );
    }
    const providerIds = await panel()
      .database.db('recado_deliveries')
      .where({ campaign_id: campaign.id, status: 'sent' })
      .pluck('provider_id');
    expect(providerIds).to.have.length(campaign.outbox.length);
    expect(
      providerIds.every((id) => /^\d+$/.test(String(id))),
      "the sink's ids, read back",
    ).to.be.true;
  });
});
