import { join } from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { RecordingChannel } from '../../src/channels/recording-channel.js';
import { loadManifest } from '../../src/core/manifest.js';
import { resolveMapping } from '../../src/core/mapping.js';
import { RecadoServices } from '../../src/core/services.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { prepareCustomers } from '../queue/fixtures.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

describeEachDatabase('RecadoServices', (database) => {
  let services: RecadoServices;
  let channel: RecordingChannel;

  before(async () => {
    const { db } = database();
    await prepareCustomers(db, 40);
    services = new RecadoServices({
      db,
      logger: pino({ level: 'silent' }),
      mapping: resolveMapping(loadManifest(join(PLUGIN_ROOT, 'plugin.json'))),
      secret: 'x'.repeat(40),
      timeZone: 'America/Sao_Paulo',
      publicUrl: 'https://painel.example.com',
      now: () => NOW,
    });
    channel = new RecordingChannel({ name: 'sms' });
    services.registerChannel(channel);
  });

  describe('createWorker', () => {
    it('sends a campaign built from a filter through the registered channel', async () => {
      const { db } = database();
      const stamp = '2026-12-01 00:00:00';
      const [templateId] = await db('recado_templates').insert({
        channel: 'sms',
        name: 'Manutenção',
        body: '{{ customer.first_name }}, manutenção na rede de {{ customer.city }} hoje às 23h.',
        created_at: stamp,
        updated_at: stamp,
      });
      const filter = { all: [{ field: 'city', op: 'eq', value: 'Campinas' }] };
      const id = await services.campaigns.create({
        channel: 'sms',
        name: 'Manutenção Campinas',
        accountId: null,
        templateId: Number(templateId),
        filter,
      });

      expect(await services.campaigns.start(id)).to.equal(await services.filters.count(filter));
      await services.createWorker().drain();
      await services.campaigns.settle();

      expect(channel.sent).to.have.length(20);
      expect(channel.sent[0]?.text).to.equal(
        'Cliente, manutenção na rede de Campinas hoje às 23h.',
      );
      expect(await services.campaigns.progress(id)).to.include({ sent: 20, left: 0 });
      expect((await services.campaigns.get(id)).status).to.equal('completed');
    });
  });
});
