import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import type { CampaignProgress, CampaignRow } from '../../src/campaigns/types.js';
import { settleSoon } from '../../src/core/screens/campaign-actions.js';
import { progressView } from '../../src/core/screens/campaign-progress.js';
import { testRecipient } from '../../src/core/screens/campaign-test.js';
import { instantToLocal, localToInstant, smsAlphabet } from '../../src/core/screens/index.js';
import { PLUGIN_ROOT } from '../../src/index.js';
import { smsTextInfo } from '../../src/templates/index.js';

/** The editor script's `countSms`, run as a browser would run the file, without a page. */
function scriptCounter(): (text: string, alphabet: unknown) => unknown {
  const source = readFileSync(join(PLUGIN_ROOT, 'views', 'assets', 'template-editor.js'), 'utf8');
  const sandbox: Record<string, any> = {};
  sandbox.globalThis = sandbox;
  runInNewContext(source, sandbox);
  return sandbox.RecadoTemplateEditor.countSms;
}

describe('screens', () => {
  describe('localToInstant', () => {
    it('reads a wall-clock time in São Paulo as three hours behind UTC', () => {
      const at = localToInstant({ date: '2026-12-10', time: '09:00' }, 'America/Sao_Paulo');

      expect(at?.toISOString()).to.equal('2026-12-10T12:00:00.000Z');
    });

    it('follows a zone with summer time on both sides of the change', () => {
      const zone = 'Europe/Lisbon';

      expect(localToInstant({ date: '2026-01-15', time: '10:00' }, zone)?.toISOString()).to.equal(
        '2026-01-15T10:00:00.000Z',
      );
      expect(localToInstant({ date: '2026-07-15', time: '10:00' }, zone)?.toISOString()).to.equal(
        '2026-07-15T09:00:00.000Z',
      );
    });

    it('refuses a date that does not exist and a malformed time', () => {
      const zone = 'America/Sao_Paulo';

      expect(localToInstant({ date: '2026-02-30', time: '10:00' }, zone)).to.equal(undefined);
      expect(localToInstant({ date: '2026-02-10', time: '24:00' }, zone)).to.equal(undefined);
      expect(localToInstant({ date: '10/02/2026', time: '10:00' }, zone)).to.equal(undefined);
    });
  });

  describe('instantToLocal', () => {
    it('gives back the form fields localToInstant reads', () => {
      const local = { date: '2026-03-01', time: '23:45' };
      const at = localToInstant(local, 'America/Manaus')!;

      expect(instantToLocal(at, 'America/Manaus')).to.deep.equal(local);
    });
  });

  describe('template-editor.js countSms', () => {
    const countSms = scriptCounter();
    const samples = [
      '',
      'Olá Maria, sua fatura vence amanhã.',
      'Pague com PIX: R$ 129,90 {chave} [ok] ~ € ^',
      'Sua fatura venceu 😟',
      'a'.repeat(160),
      'a'.repeat(161),
      `${'a'.repeat(152)}€`,
      'ç'.repeat(70),
      'ç'.repeat(71),
      `${'ç'.repeat(66)}😀`,
      'Linha um\nLinha dois\r\nçÇ',
    ];

    for (const sample of samples) {
      it(`counts ${JSON.stringify(sample.slice(0, 24))}${sample.length > 24 ? '…' : ''} as the server does`, () => {
        const counted = JSON.parse(JSON.stringify(countSms(sample, smsAlphabet())));

        expect(counted).to.deep.equal(JSON.parse(JSON.stringify(smsTextInfo(sample))));
      });
    }
  });

  describe('testRecipient', () => {
    it('reads a typed Brazilian mobile as E.164 digits', () => {
      expect(testRecipient('sms', '(19) 98765-4321')).to.equal('5519987654321');
    });

    it('refuses a landline for SMS, naming what was expected', () => {
      expect(() => testRecipient('sms', '(19) 3234-5678'))
        .to.throw()
        .with.property('details')
        .that.deep.equals({ recipient: '(19) 3234-5678', expected: 'screens.test.expected.sms' });
    });
  });

  describe('progressView', () => {
    const t = (key: string) => key;
    const counts = (values: Partial<CampaignProgress>): CampaignProgress => ({
      queued: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      unknown: 0,
      total: 0,
      left: 0,
      ...values,
    });
    const campaign = (status: CampaignRow['status'], finished = true) =>
      ({ status, enqueue_finished_at: finished ? '2026-12-01 10:00:00' : null }) as CampaignRow;

    it('rounds down, so that 100 % means every delivery has an outcome', () => {
      const view = progressView(
        campaign('running'),
        counts({ sent: 199, sending: 1, total: 200, left: 1 }),
        t,
      );

      expect(view).to.include({ done: 199, percent: 99, final: false, enqueuing: false });
    });

    it('says a running campaign without a finished enqueue is still enqueuing', () => {
      expect(progressView(campaign('running', false), counts({}), t)).to.include({
        enqueuing: true,
        percent: 0,
      });
    });

    it('offers only the actions the status allows, and resending only when something failed', () => {
      const failed = counts({ failed: 1, total: 1 });

      expect(progressView(campaign('completed'), failed, t).actions).to.deep.equal(['resend']);
      expect(progressView(campaign('completed'), counts({}), t).actions).to.deep.equal([]);
      expect(progressView(campaign('cancelled'), counts({}), t)).to.include({ final: true });
    });
  });

  describe('settleSoon', () => {
    const fields = { campaignId: 1, action: 'start' };
    afterEach(() => sinon.restore());

    it('passes on a refusal that comes at once', async () => {
      const refused = Promise.reject(new Error('refused'));

      const outcome = await settleSoon(refused, pino({ level: 'silent' }), fields).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      expect(outcome).to.equal('refused');
    });

    it('answers after two seconds and logs a failure that comes later', async () => {
      const clock = sinon.useFakeTimers();
      const logger = pino({ level: 'silent' });
      const logged = sinon.stub(logger, 'error');
      let fail: (error: Error) => void = () => undefined;
      const slow = new Promise((_resolve, reject) => (fail = reject));

      const waiting = settleSoon(slow, logger, fields);
      await clock.tickAsync(2000);
      await waiting;
      fail(new Error('database gone'));
      await clock.tickAsync(0);

      expect(logged.calledOnce).to.equal(true);
      expect(logged.firstCall.args[0]).to.include({
        event: 'campaign.action.failed',
        campaignId: 1,
      });
    });
  });
});
