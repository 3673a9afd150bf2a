import type { FilterEngine, FilterMatch, FilterTree } from '../filters/index.js';
import { eachCondition } from '../filters/validate.js';

/** Matches a preview lists; the count covers them all. */
export const PREVIEW_LIMIT = 20;

/** One customer of a preview, with why they matched in the operator's language. */
export interface PreviewMatch {
  readonly id: number;
  readonly name: string;
  readonly city: string | null;
  readonly neighbourhood: string | null;
  readonly plan: string | null;
  /** The plugin's status word (`active`…). */
  readonly status: string;
  readonly statusLabel: string;
  /** Figures behind the match, as the engine computed them. */
  readonly why: FilterMatch['why'];
  /** The figures that concern the filter's fields, as sentences (`28 dias em atraso`). */
  readonly reasons: readonly string[];
}

/** What `POST …/filters/preview` answers. */
export interface FilterPreview {
  /** Every customer the filter matches. */
  readonly count: number;
  /** The first `PREVIEW_LIMIT` of them, in id order. */
  readonly matches: readonly PreviewMatch[];
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Which figures explain a filter: those of the fields it tests. */
type Figure = 'daysOverdue' | 'amountOwed' | 'openInvoices' | 'birthday';

const FIGURES_OF: Readonly<Record<string, readonly Figure[]>> = {
  days_overdue: ['daysOverdue', 'amountOwed'],
  amount_owed: ['amountOwed'],
  open_invoices: ['openInvoices'],
  invoice_due_within: ['openInvoices'],
  birthday: ['birthday'],
};

function figuresOf(tree: FilterTree): Set<Figure> {
  const figures = new Set<Figure>();
  eachCondition(tree, (condition) => {
    for (const figure of FIGURES_OF[condition.field] ?? []) figures.add(figure);
  });
  // A filter on customer fields only still shows what the customer owes.
  if (figures.size === 0) ['daysOverdue', 'amountOwed'].forEach((f) => figures.add(f as Figure));
  return figures;
}

function reasonsOf(why: FilterMatch['why'], figures: Set<Figure>, t: Translate, locale: string) {
  const reasons: string[] = [];
  if (figures.has('daysOverdue') && why.daysOverdue !== null) {
    reasons.push(t('filters.why.days_overdue', { days: why.daysOverdue }));
  }
  if (figures.has('amountOwed') && why.amountOwed > 0) {
    const amount = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
    reasons.push(t('filters.why.amount_owed', { amount: amount.format(why.amountOwed) }));
  }
  if (figures.has('openInvoices')) {
    reasons.push(t('filters.why.open_invoices', { count: why.openInvoices }));
  }
  if (figures.has('birthday') && why.birthday) {
    const { day, month } = why.birthday;
    const format = new Intl.DateTimeFormat(locale, {
      day: '2-digit',
      month: '2-digit',
      timeZone: 'UTC',
    });
    // 2000 is a leap year, so 29 February formats too.
    reasons.push(
      t('filters.why.birthday', { date: format.format(Date.UTC(2000, month - 1, day)) }),
    );
  }
  return reasons;
}

/** A host code that maps to no plugin status is shown as it is. */
function statusLabel(status: string, t: Translate): string {
  const key = `filters.value.status.${status}`;
  const label = t(key);
  return label === key ? status : label;
}

/**
 * The count and first matches of a filter, each with its reasons. Invalid input throws
 * `RECADO_FILTER_INVALID` from the engine before any SQL runs.
 */
export async function previewFilter(
  engine: FilterEngine,
  input: unknown,
  locale: string,
  t: Translate,
): Promise<FilterPreview> {
  const tree = engine.validate(input);
  const [count, page] = await Promise.all([
    engine.count(tree),
    engine.page(tree, { limit: PREVIEW_LIMIT }),
  ]);

  const figures = figuresOf(tree);
  const matches = page.matches.map((match) => ({
    id: match.id,
    name: match.name,
    city: match.city,
    neighbourhood: match.neighbourhood,
    plan: match.plan,
    status: match.status,
    statusLabel: statusLabel(match.status, t),
    why: match.why,
    reasons: reasonsOf(match.why, figures, t, locale),
  }));
  return { count, matches };
}
