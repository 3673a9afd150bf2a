import express, { type Router } from 'express';
import { requirePermission } from '../guard.js';
import { setFlash, takeFlash } from '../records/flash.js';
import { Formats } from '../records/format.js';
import { OUTBOX_CHANNELS, clearOutbox, listOutbox, outboxHeaders } from '../records/outbox.js';
import { pageNumber, pagerLinks } from '../records/paging.js';
import { oneOf } from '../records/params.js';
import type { PanelContext } from '../server.js';

/**
 * The test outbox: what reached the local SMTP and SMS sinks, newest first. Bodies are
 * shown as text, never rendered, so a mail's HTML cannot run in the panel.
 */
export function outboxRoutes(context: PanelContext): Router {
  const router = express.Router();
  const { db, layout } = context;
  const canView = requirePermission(context, 'outbox.view');

  router.get('/outbox', canView, async (req, res) => {
    const t = layout.translate(req);
    const channel = oneOf(req.query.channel, OUTBOX_CHANNELS);
    const { rows, paging } = await listOutbox(db, { channel, page: pageNumber(req.query.page) });

    const formats = new Formats(layout.locale(req), context.timeZone);
    layout.view(req, res, 'outbox', {
      title: t('panel.outbox.title'),
      channel: channel ?? '',
      channels: OUTBOX_CHANNELS,
      messages: rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        channelLabel: t(`panel.outbox.channel.${row.channel}`),
        sender: row.sender ?? '',
        recipient: row.recipient,
        subject: row.subject ?? '',
        receivedAt: formats.dateTime(row.received_at),
        body: row.body,
        headers: Object.entries(outboxHeaders(row)),
      })),
      pager: pagerLinks('/outbox', { channel }, paging),
      flash: takeFlash(req),
    });
  });

  router.post('/outbox/clear', canView, async (req, res) => {
    const count = await clearOutbox(db);
    context.logger.info({ event: 'panel.outbox.cleared', count }, 'outbox cleared');
    setFlash(req, { kind: 'done', key: 'panel.outbox.flash.cleared', params: { count } });
    res.redirect(303, '/outbox');
  });

  return router;
}
