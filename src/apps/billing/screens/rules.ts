import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import type { AppRoutes } from '../../../core/app-routes.js';
import { isRecadoError } from '../../../core/errors.js';
import type { BillingEngine } from '../engine.js';
import type { BillingRule } from '../rules.js';
import { baseOf, idParam, renderPage, stepText, wordsFor } from './page.js';
import {
  postedValues,
  ruleInput,
  RULE_FORM_ERRORS,
  savedValues,
  showRuleForm,
} from './rule-form.js';

/** The permissions the rule screens are guarded by. */
export interface RulePermissions {
  /** Lists the rules, e.g. `billing.view`. */
  readonly view: string;
  /** Creates, changes, switches and deletes rules, e.g. `billing.manage`. */
  readonly manage: string;
}

const DONE = new Set(['saved', 'defaults', 'enabled', 'disabled', 'deleted']);

const ruleId = (req: Request) => idParam(req, 'id', 'RECADO_BILLING_RULE_NOT_FOUND');

/**
 * Mounts the rule screens:
 * - `GET /rules` list (view) · `POST /rules/defaults` install the defaults (manage)
 * - `GET /rules/new` form · `POST /rules` create (manage)
 * - `GET|POST /rules/:id` edit (manage) · `POST /rules/:id/enabled` switch (manage)
 * - `GET|POST /rules/:id/delete` confirm, then delete (manage)
 */
export function ruleRoutes(
  routes: AppRoutes,
  context: AppContext,
  engine: BillingEngine,
  permissions: RulePermissions,
): void {
  const toList = (res: Response, done: string) =>
    res.redirect(303, `${baseOf(context)}/rules?done=${done}`);
  const save = async (req: Request, res: Response, rule: BillingRule | undefined) => {
    try {
      const input = ruleInput(req.body as Record<string, unknown>, rule);
      if (rule) await engine.rules.update(rule.id, input);
      else await engine.rules.create(input);
      toList(res, 'saved');
    } catch (error) {
      if (!isRecadoError(error) || !RULE_FORM_ERRORS.has(error.code)) throw error;
      const values = postedValues(req.body as Record<string, unknown>);
      await showRuleForm(context, req, res, { rule, values, error });
    }
  };

  routes.get('/rules', permissions.view, async (req, res) => {
    listRules(context, req, res, await engine.rules.list(), permissions);
  });
  routes.post('/rules/defaults', permissions.manage, async (_req, res) => {
    await engine.installDefaults();
    toList(res, 'defaults');
  });
  routes.get('/rules/new', permissions.manage, async (req, res) => {
    const values = { kind: 'before_due', days: '3', name: '', channels: ['email'], sendHour: '9' };
    await showRuleForm(context, req, res, {
      values: { ...values, templates: { email: '', sms: '' }, filter: null },
    });
  });
  routes.post('/rules', permissions.manage, (req, res) => save(req, res, undefined));
  routes.get('/rules/:id', permissions.manage, async (req, res) => {
    const rule = await engine.rules.get(ruleId(req));
    await showRuleForm(context, req, res, { rule, values: savedValues(rule) });
  });
  routes.post('/rules/:id', permissions.manage, async (req, res) => {
    await save(req, res, await engine.rules.get(ruleId(req)));
  });
  routes.post('/rules/:id/enabled', permissions.manage, async (req, res) => {
    const enabled = (req.body as { enabled?: unknown } | undefined)?.enabled === '1';
    await engine.rules.setEnabled(ruleId(req), enabled);
    toList(res, enabled ? 'enabled' : 'disabled');
  });
  routes.get('/rules/:id/delete', permissions.manage, async (req, res) => {
    const rule = await engine.rules.get(ruleId(req));
    const { t } = wordsFor(context, req);
    renderPage(context, req, res, 'apps/billing/rule-delete', {
      title: t('billing.screens.rules.delete_title'),
      rule: { id: rule.id, name: rule.name, step: stepText(t, rule) },
    });
  });
  routes.post('/rules/:id/delete', permissions.manage, async (req, res) => {
    await engine.rules.remove(ruleId(req));
    toList(res, 'deleted');
  });
}

function listRules(
  context: AppContext,
  req: Request,
  res: Response,
  rules: readonly BillingRule[],
  permissions: RulePermissions,
): void {
  const { t } = wordsFor(context, req);
  const done = typeof req.query.done === 'string' ? req.query.done : null;
  renderPage(context, req, res, 'apps/billing/rules', {
    title: t('billing.screens.rules.title'),
    canManage: context.host.can(req, permissions.manage),
    done: done && DONE.has(done) ? t(`billing.screens.rules.done.${done}`) : null,
    rules: rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      step: stepText(t, rule),
      channels: rule.channels.map((channel) => t(`billing.channel.${channel}`)).join(', '),
      hour: `${String(rule.sendHour).padStart(2, '0')}:00`,
      filtered: rule.filter !== null,
      enabled: rule.enabled,
    })),
  });
}
