import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { localDate } from '../../lib/time.js';
import { requirePermission } from '../guard.js';
import {
  CUSTOMER_STATUSES,
  findCustomer,
  listCustomers,
  moveCustomer,
} from '../records/customers.js';
import type { CustomerStatus } from '../records/customers.js';
import { setFlash, takeFlash } from '../records/flash.js';
import { Formats } from '../records/format.js';
import { invoicesOf } from '../records/invoices.js';
import { highestInvoiceId, issueNextInvoice } from '../records/issue-invoice.js';
import { pageNumber, pagerLinks } from '../records/paging.js';
import { oneOf, parseId, queryText } from '../records/params.js';
import { presentCustomer, presentInvoice } from '../records/present.js';
import type { PanelContext } from '../server.js';

/** Invoices listed on a customer's page; the invoice list has the rest. */
const CUSTOMER_PAGE_INVOICES = 24;

/** A status change an operator may ask for, and the hook it raises. */
interface Move {
  readonly from: CustomerStatus;
  readonly to: CustomerStatus;
  readonly hook: 'customer.blocked' | 'customer.unblocked';
}

const MOVES: Readonly<Record<'block' | 'unblock', Move>> = {
  block: { from: 'active', to: 'blocked', hook: 'customer.blocked' },
  unblock: { from: 'blocked', to: 'active', hook: 'customer.unblocked' },
};

/**
 * The customer list and page, with the buttons that block, unblock and issue the next
 * invoice; each change raises its host hook once. Issuing an invoice needs `invoices.pay`,
 * the permission that lets an operator change a customer's invoices.
 */
export function customerRoutes(context: PanelContext): Router {
  const router = express.Router();
  const { db, layout, sessions } = context;
  const canView = requirePermission(context, 'customers.view');
  const canBlock = requirePermission(context, 'customers.block');
  const canIssue = requirePermission(context, 'invoices.pay');
  const formatsFor = (req: Request) => new Formats(layout.locale(req), context.timeZone);

  router.get('/customers', canView, async (req, res) => {
    const t = layout.translate(req);
    const search = queryText(req.query.q);
    const status = oneOf(req.query.status, CUSTOMER_STATUSES);
    const { rows, paging } = await listCustomers(db, {
      search,
      status,
      page: pageNumber(req.query.page),
    });

    const formats = formatsFor(req);
    layout.view(req, res, 'customers', {
      title: t('panel.customers.title'),
      search,
      status: status ?? '',
      statuses: CUSTOMER_STATUSES,
      customers: rows.map((row) => presentCustomer(row, formats, t)),
      pager: pagerLinks('/customers', { q: search, status }, paging),
    });
  });

  router.get('/customers/:id', canView, async (req, res, next) => {
    const id = parseId(req.params.id);
    const row = id === undefined ? undefined : await findCustomer(db, id);
    if (!row) return next();

    const t = layout.translate(req);
    const formats = formatsFor(req);
    const today = localDate(context.now(), context.timeZone);
    const invoices = await invoicesOf(db, row.id, CUSTOMER_PAGE_INVOICES);
    const operator = sessions.current(req);
    layout.view(req, res, 'customer', {
      title: row.name,
      customer: presentCustomer(row, formats, t),
      invoices: invoices.map((invoice) => presentInvoice(invoice, today, formats, t)),
      seenInvoiceId: await highestInvoiceId(db, row.id),
      canBlock: operator?.can('customers.block') ?? false,
      canPay: operator?.can('invoices.pay') ?? false,
      flash: takeFlash(req),
      back: req.originalUrl,
    });
  });

  for (const action of ['block', 'unblock'] as const) {
    router.post(`/customers/:id/${action}`, canBlock, (req, res, next) =>
      move(req, res, next, action),
    );
  }

  async function move(req: Request, res: Response, next: NextFunction, action: keyof typeof MOVES) {
    const id = parseId(req.params.id);
    if (id === undefined) return next();
    const change = MOVES[action];

    if (await moveCustomer(db, id, change)) {
      context.logger.info(
        { event: `panel.${change.hook}`, customerId: id, by: sessions.current(req)?.login },
        `customer ${action}ed`,
      );
      await context.host.raise(change.hook, { customerId: id, occurredAt: context.now() });
      setFlash(req, { kind: 'done', key: `panel.customers.flash.${action}ed` });
      return res.redirect(303, `/customers/${id}`);
    }

    const customer = await findCustomer(db, id);
    if (!customer) return next();
    setFlash(req, { kind: 'nothing', key: `panel.customers.flash.unchanged_${customer.status}` });
    res.redirect(303, `/customers/${id}`);
  }

  router.post('/customers/:id/invoices', canIssue, async (req, res, next) => {
    const customerId = parseId(req.params.id);
    if (customerId === undefined) return next();
    const seen = (req.body as { seen?: unknown }).seen;
    const now = context.now();

    const outcome = await issueNextInvoice(db, {
      customerId,
      seenInvoiceId: typeof seen === 'string' && /^\d{1,10}$/.test(seen) ? Number(seen) : -1,
      today: localDate(now, context.timeZone),
      now,
    });
    if (!outcome.issued && outcome.reason === 'missing') return next();
    if (!outcome.issued) {
      setFlash(req, { kind: 'nothing', key: `panel.customers.flash.issue_${outcome.reason}` });
      return res.redirect(303, `/customers/${customerId}`);
    }

    const { invoiceId } = outcome;
    context.logger.info(
      { event: 'panel.invoice.created', customerId, invoiceId, by: sessions.current(req)?.login },
      'invoice issued',
    );
    await context.host.raise('invoice.created', { customerId, invoiceId, occurredAt: now });
    const dueDate = formatsFor(req).date(outcome.dueDate);
    setFlash(req, { kind: 'done', key: 'panel.customers.flash.issued', params: { dueDate } });
    res.redirect(303, `/customers/${customerId}`);
  });

  return router;
}
