import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import { RecadoError, type ErrorCode } from '../../../core/errors.js';
import { builderAssetUrls } from '../../../core/groups/index.js';
import type { BillingRule } from '../rules.js';

/** Translates a key in the operator's locale. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Words a screen needs for one request: locale, translator, money and dates. */
export interface Words {
  readonly locale: string;
  readonly t: Translate;
  readonly money: (amount: number) => string;
  /** An instant as a short date and time in the provider's zone. */
  readonly when: (instant: Date) => string;
}

/** The words of one request, in the operator's locale and the provider's zone. */
export function wordsFor(context: AppContext, req: Request): Words {
  const locale = context.pages.locale(req);
  const currency = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
  const instant = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: context.timeZone,
  });
  return {
    locale,
    t: (key, params) => context.i18n.t(locale, key, params),
    money: (amount) => currency.format(amount),
    when: (at) => instant.format(at),
  };
}

/** `/apps/billing` without a trailing slash: where links and forms point. */
export function baseOf(context: AppContext): string {
  return context.basePath.replace(/\/$/, '');
}

/**
 * Renders a billing view with `base` and `style` (the plugin's style sheet, served by the
 * app's own router); a status other than 200 for a form shown back.
 */
export function renderPage(
  context: AppContext,
  req: Request,
  res: Response,
  view: string,
  data: { title: string } & Record<string, unknown>,
  status = 200,
): void {
  const page = { ...data, base: baseOf(context), style: builderAssetUrls(context.basePath).style };
  context.pages.render(req, res, 'billing', view, page, status);
}

/** A numeric route parameter; anything else is `notFound`'s error. */
export function idParam(req: Request, name: string, notFound: ErrorCode): number {
  const id = String(req.params[name] ?? '');
  if (!/^\d{1,9}$/.test(id)) throw new RecadoError(notFound, { id, field: name, reason: id });
  return Number(id);
}

/** "3 dias antes do vencimento", "Aniversário": how a rule's step reads. */
export function stepText(t: Translate, rule: Pick<BillingRule, 'kind' | 'days'>): string {
  if ((rule.kind === 'before_due' || rule.kind === 'after_due') && rule.days !== null) {
    return t(`billing.step.${rule.kind}`, { days: rule.days });
  }
  return t(`billing.kind.${rule.kind}`);
}

/** A rule's name by id; a deleted rule reads "Regra 12 (excluída)". */
export function ruleNames(t: Translate, rules: readonly BillingRule[]) {
  const names = new Map(rules.map((rule) => [rule.id, rule.name]));
  return (id: number | null): string =>
    id === null ? '—' : (names.get(id) ?? t('billing.screens.rule_deleted', { id }));
}
