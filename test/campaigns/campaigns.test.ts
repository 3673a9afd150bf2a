import { expect } from 'chai';
import pino from 'pino';
import { Campaigns, PAUSED_RUN_AT } from '../../src/campaigns/campaigns.js';
import { RecadoError } from '../../src/core/errors.js';
import { claimDeliveries } from '../../src/queue/claim-deliveries.js';
import { describeEachDatabase } from '../support/databases.js';
import { cityAudience, prepareCustomers } from '../queue/fixtures.js';

const NOW = new Date('2026-12-03T15:00:00.000Z');

describeEachDatabase('Campaigns', (database) => {
  let campaigns: Campaigns;

  before(async () => {
    const { db } = database();
    await prepareCustomers(db, 120);
    campaigns = new Campaigns({
      db,
      logger: pino({ level: 'silent' }),
      audience: cityAudience(db),
      now: () => NOW,
    });
  });
  beforeEach(async () => {
    await database().db('recado_deliveries').delete();
    await database().db('recado_campaigns').delete();
  });

  const draft = () =>
    campaigns.create({
      channel: 'sms',
      name: 'Promoção 1 Giga',
      accountId: 2,
      templateId: 5,
      filter: { city: 'Campinas' },
    });

  describe('start', () => {
    it('enqueues one delivery per customer of the filter and counts them', async () => {
      const id = await draft();

      const added = await campaigns.start(id);

      expect(added).to.equal(60);
      const campaign = await campaigns.get(id);
      expect(campaign).to.include({ status: 'running', enqueued: 60 });
      expect(campaign.enqueue_finished_at).to.be.a('string');
      expect(await campaigns.progress(id)).to.include({ queued: 60, total: 60, left: 60 });
    });

    it('refuses to start a campaign twice and enqueues nothing more', async () => {
      const id = await draft();
      await campaigns.start(id);

      const second = await campaigns.start(id).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(second).to.be.instanceOf(RecadoError);
      expect((second as RecadoError).code).to.equal('RECADO_CAMPAIGN_STATE');
      expect((await campaigns.progress(id)).total).to.equal(60);
    });
  });

  describe('pause and resume', () => {
    it('keeps the rows of a paused campaign from being claimed until it resumes', async () => {
      const { db } = database();
      const id = await draft();
      await campaigns.start(id);

      await campaigns.pause(id);
      const whilePaused = await claimDeliveries(db, {
        workerId: 'w',
        limit: 100,
        leaseMs: 60_000,
        now: NOW,
      });
      await campaigns.resume(id);
      const afterResume = await claimDeliveries(db, {
        workerId: 'w',
        limit: 100,
        leaseMs: 60_000,
        now: NOW,
      });

      expect(whilePaused).to.have.length(0);
      expect(afterResume).to.have.length(60);
      const paused = await db('recado_deliveries')
        .where('run_at', PAUSED_RUN_AT)
        .count({ n: '*' })
        .first();
      expect(Number(paused?.n)).to.equal(0);
    });
  });

  describe('cancel', () => {
    it('marks what was not sent cancelled and keeps what was', async () => {
      const { db } = database();
      const id = await draft();
      await campaigns.start(id);
      const [first] = await db('recado_deliveries')
        .where('campaign_id', id)
        .orderBy('id')
        .limit(1)
        .pluck('id');
      await db('recado_deliveries').where('id', first).update({ status: 'sent' });

      await campaigns.cancel(id);

      expect(await campaigns.progress(id)).to.include({ sent: 1, cancelled: 59, left: 0 });
      expect((await campaigns.get(id)).status).to.equal('cancelled');
    });
  });

  describe('resendFailed', () => {
    it('puts failed deliveries back with fresh attempts', async () => {
      const { db } = database();
      const id = await draft();
      await campaigns.start(id);
      await db('recado_deliveries').where('campaign_id', id).update({ status: 'sent' });
      const failed = await db('recado_deliveries')
        .where('campaign_id', id)
        .orderBy('id')
        .limit(3)
        .pluck('id');
      await db('recado_deliveries')
        .whereIn('id', failed)
        .update({ status: 'failed', attempts: 5, error_code: 'X' });
      await campaigns.settle();
      expect((await campaigns.get(id)).status).to.equal('completed');

      const resent = await campaigns.resendFailed(id);

      expect(resent).to.equal(3);
      expect((await campaigns.get(id)).status).to.equal('running');
      const rows = await db('recado_deliveries').where({ campaign_id: id, status: 'queued' });
      expect(rows.map((row) => [row.attempts, row.error_code])).to.deep.equal([
        [0, null],
        [0, null],
        [0, null],
      ]);
    });
  });

  describe('startDue', () => {
    it('starts scheduled campaigns whose time came, once', async () => {
      const id = await draft();
      await campaigns.schedule(id, new Date(NOW.getTime() - 1000));
      const later = await draft();
      await campaigns.schedule(later, new Date(NOW.getTime() + 3_600_000));

      expect(await campaigns.startDue()).to.deep.equal([id]);
      expect(await campaigns.startDue()).to.deep.equal([]);
      expect((await campaigns.get(later)).status).to.equal('scheduled');
    });
  });

  describe('settle', () => {
    it('finishes an interrupted enqueue and completes a campaign with nothing left', async () => {
      const { db } = database();
      const id = await draft();
      await db('recado_campaigns').where({ id }).update({ status: 'running' });

      await campaigns.settle();
      expect((await campaigns.progress(id)).queued).to.equal(60);
      expect((await campaigns.get(id)).status).to.equal('running');

      await db('recado_deliveries').where('campaign_id', id).update({ status: 'sent' });
      await campaigns.settle();
      expect((await campaigns.get(id)).status).to.equal('completed');
    });
  });
});
