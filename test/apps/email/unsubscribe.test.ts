import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { emailPublicRoutes } from '../../../src/apps/email/public.js';
import type { AppContext } from '../../../src/core/app-module.js';
import { UnsubscribeLinks } from '../../../src/core/unsubscribe.js';
import { PLUGIN_ROOT } from '../../../src/index.js';
import { Translator } from '../../../src/lib/i18n.js';
import { describeEachDatabase } from '../../support/databases.js';
import { PanelClient, startTestPanel, type RunningPanel } from '../../support/panel.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('UnsubscribeLinks', () => {
  describe('url', () => {
    it('points at the public route of the claim channel app', () => {
      const links = new UnsubscribeLinks({ secret: 's'.repeat(40), baseUrl: 'https://isp.br/' });
      const token = links.token({ customerId: 7, channel: 'sms' });

      expect(links.url({ customerId: 7, channel: 'email' })).to.match(
        /^https:\/\/isp\.br\/recado\/email\/unsubscribe\/7\.email\.[\w-]{43}$/,
      );
      expect(links.url({ customerId: 7, channel: 'sms' })).to.equal(
        `https://isp.br/recado/sms/unsubscribe/${token}`,
      );
    });
  });
});

describeEachDatabase('e-mail unsubscribe routes', (database) => {
  let running: RunningPanel;
  let admin: PanelClient;
  let bareServer: Server;
  let bareUrl: string;
  const optOuts = () => database().db('recado_opt_outs').select('customer_id', 'channel');
  const pathOf = (customerId: number, channel: 'email' | 'sms' = 'email') => {
    const token = running.panel.context.plugin.services.unsubscribe.token({ customerId, channel });
    return `/recado/email/unsubscribe/${token}`;
  };
  /** A request as a mail client sends it to the panel: no cookies, no CSRF token. */
  const bare = (path: string, init: RequestInit = {}) =>
    fetch(`${running.baseUrl}${path}`, { redirect: 'manual', ...init });
  /**
   * The same request to the app's public router mounted alone at `/recado/email`. The
   * reference panel's CSRF middleware still answers 403 to any POST outside `/apps/`, so the
   * POSTs are checked here; see the issue notes.
   */
  const posted = (path: string, body = '') =>
    fetch(`${bareUrl}${path}`, { method: 'POST', headers: FORM, body, redirect: 'manual' });
  const setEnabled = async (enabled: boolean) => {
    await admin.get('/marketplace');
    await admin.post(`/marketplace/email/${enabled ? 'enable' : 'disable'}`);
  };

  before(async () => {
    running = await startTestPanel(database());
    admin = new PanelClient(running.baseUrl);
    await admin.login('admin', 'admin');
    await setEnabled(true);
    bareServer = await listenAlone(database().db, running);
    bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => bareServer?.close(resolve));
    await running?.close();
  });
  beforeEach(async () => {
    await database().db('recado_opt_outs').delete();
  });

  describe('GET /recado/email/unsubscribe/:token', () => {
    it('asks for confirmation on a standalone page and writes nothing', async () => {
      const path = pathOf(1);
      const answer = await bare(path);
      const html = await answer.text();

      expect(answer.status).to.equal(200);
      expect(html).to.match(/^<!doctype html>/);
      expect(html).to.contain('data-unsubscribe="confirm"');
      expect(html).to.contain(`<form method="post" action="${path}">`);
      expect(await optOuts()).to.deep.equal([]);
    });

    it('answers 404 to a tampered token and writes nothing', async () => {
      const path = pathOf(1).replace('/1.email.', '/2.email.');
      const answer = await bare(path);

      expect(answer.status).to.equal(404);
      expect(await answer.text()).to.contain('data-unsubscribe="not_found"');
    });

    it('answers 404 while the app is disabled', async () => {
      await setEnabled(false);
      try {
        const page = await bare(pathOf(4));

        expect(page.status).to.equal(404);
        expect(await optOuts()).to.deep.equal([]);
      } finally {
        await setEnabled(true);
      }
    });
  });

  describe('POST /recado/email/unsubscribe/:token', () => {
    it('opts the customer out of e-mail once, however often it is posted', async () => {
      for (let i = 0; i < 2; i += 1) {
        const answer = await posted(pathOf(1));

        expect(answer.status).to.equal(200);
        expect(await answer.text()).to.contain('data-unsubscribe="done"');
      }
      expect(await optOuts()).to.deep.equal([{ customer_id: 1, channel: 'email' }]);
    });

    it('accepts the RFC 8058 one-click POST without cookies', async () => {
      const answer = await posted(pathOf(2), 'List-Unsubscribe=One-Click');

      expect(answer.status).to.equal(200);
      expect(await optOuts()).to.deep.equal([{ customer_id: 2, channel: 'email' }]);
    });

    it('answers 404 to a tampered or SMS token and writes nothing', async () => {
      const valid = pathOf(3);
      const tampered = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
      for (const path of [tampered, pathOf(3, 'sms'), '/recado/email/unsubscribe/3.email.x']) {
        const answer = await posted(path, 'List-Unsubscribe=One-Click');
        expect(answer.status, path).to.equal(404);
      }
      expect(await optOuts()).to.deep.equal([]);
    });
  });
});

/** The e-mail app's public router alone on a local port, on the panel's database and core. */
async function listenAlone(db: AppContext['db'], running: RunningPanel): Promise<Server> {
  const context = {
    db,
    i18n: Translator.fromDirectory(join(PLUGIN_ROOT, 'locales')),
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
    services: running.panel.context.plugin.services,
  } as unknown as AppContext;
  const app = express().use('/recado/email', emailPublicRoutes(context));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}
