import express, { type Router } from 'express';
import { localDate } from '../../lib/time.js';
import { requirePermission } from '../guard.js';
import { findCustomer } from '../records/customers.js';
import { setFlash, takeFlash } from '../records/flash.js';
import { Formats, utcDateTime } from '../records/format.js';
import { INVOICE_FILTERS, findInvoice, listInvoices, payInvoice } from '../records/invoices.js';
import { pageNumber, pagerLinks } from '../records/paging.js';
import { localPath, oneOf, parseId, queryText } from '../records/params.js';
import { presentInvoice } from '../records/present.js';
import type { PanelContext } from '../server.js';

/** The invoice list and the "mark paid" button, which raises `invoice.paid` once. */
export function invoiceRoutes(context: PanelContext): Router {
  const router = express.Router();
  const { db, layout, sessions } = context;
  const canView = requirePermission(context, 'invoices.view');
  const canPay = requirePermission(context, 'invoices.pay');

  router.get('/invoices', canView, async (req, res) => {
    const t = layout.translate(req);
    const search = queryText(req.query.q);
    const filter = oneOf(req.query.filter, INVOICE_FILTERS);
    const customerId = parseId(req.query.customer);
    const customer = customerId === undefined ? undefined : await findCustomer(db, customerId);
    const today = localDate(context.now(), context.timeZone);
    const { rows, paging } = await listInvoices(db, {
      search,
      filter,
      customerId: customer?.id,
      today,
      page: pageNumber(req.query.page),
    });

    const formats = new Formats(layout.locale(req), context.timeZone);
    layout.view(req, res, 'invoices', {
      title: t('panel.invoices.title'),
      search,
      filter: filter ?? '',
      filters: INVOICE_FILTERS,
      customer: customer && { id: customer.id, name: customer.name },
      invoices: rows.map((row) => ({
        ...presentInvoice(row, today, formats, t),
        customerName: row.customer_name,
      })),
      pager: pagerLinks('/invoices', { q: search, filter, customer: customer?.id }, paging),
      canPay: sessions.current(req)?.can('invoices.pay') ?? false,
      flash: takeFlash(req),
      back: req.originalUrl,
    });
  });

  router.post('/invoices/:id/pay', canPay, async (req, res, next) => {
    const id = parseId(req.params.id);
    if (id === undefined) return next();
    const back = localPath((req.body as { back?: unknown }).back, '/invoices');
    const now = context.now();

    if (!(await payInvoice(db, id, utcDateTime(now)))) {
      const invoice = await findInvoice(db, id);
      if (!invoice) return next();
      const params = { reference: invoice.reference };
      setFlash(req, {
        kind: 'nothing',
        key: `panel.invoices.flash.unchanged_${invoice.status}`,
        params,
      });
      return res.redirect(303, back);
    }

    const invoice = await findInvoice(db, id);
    const customerId = invoice?.customer_id;
    context.logger.info(
      { event: 'panel.invoice.paid', invoiceId: id, customerId, by: sessions.current(req)?.login },
      'invoice marked paid',
    );
    await context.host.raise('invoice.paid', { invoiceId: id, customerId, occurredAt: now });
    setFlash(req, {
      kind: 'done',
      key: 'panel.invoices.flash.paid',
      params: { reference: invoice?.reference ?? '' },
    });
    res.redirect(303, back);
  });

  return router;
}
