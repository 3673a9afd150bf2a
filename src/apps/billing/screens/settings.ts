import type { Request, Response } from 'express';
import type { AppContext } from '../../../core/app-module.js';
import type { AppRoutes } from '../../../core/app-routes.js';
import { isRecadoError, type RecadoError } from '../../../core/errors.js';
import type { ProviderSettings } from '../../../core/settings.js';
import type { BillingEngine } from '../engine.js';
import type { BillingSettings, PollMode } from '../settings-schema.js';
import { baseOf, renderPage, wordsFor, type Translate } from './page.js';

/** The form's fields as posted or as saved: strings, shown back as they are. */
interface SettingsValues {
  readonly name: string;
  readonly phone: string;
  readonly site: string;
  readonly email: string;
  readonly pollPayments: string;
  readonly pollLookbackDays: string;
}

/** Form field by the field an error names (`provider/name`, `pollLookbackDays` …). */
const FIELDS: Readonly<Record<string, keyof SettingsValues>> = {
  'provider/name': 'name',
  'provider/phone': 'phone',
  'provider/site': 'site',
  'provider/email': 'email',
  pollPayments: 'pollPayments',
  pollLookbackDays: 'pollLookbackDays',
};

/** The label of each field, for the message shown next to it. */
const LABELS: Readonly<Record<keyof SettingsValues, string>> = {
  name: 'billing.screens.settings.name',
  phone: 'billing.screens.settings.phone',
  site: 'billing.screens.settings.site',
  email: 'billing.screens.settings.email',
  pollPayments: 'billing.screens.settings.poll',
  pollLookbackDays: 'billing.screens.settings.lookback',
};

const POLL_MODES: readonly PollMode[] = ['auto', 'always', 'never'];

/**
 * Mounts the Cobrança settings: the provider's details that notices quote and when the
 * payment poll runs. `GET /settings` shows them, `POST /settings` saves both or neither.
 */
export function settingsRoutes(
  routes: AppRoutes,
  context: AppContext,
  engine: BillingEngine,
  permission: string,
): void {
  routes.get('/settings', permission, async (req, res) => {
    const [provider, settings] = await Promise.all([engine.provider(), engine.settings()]);
    showSettings(context, req, res, {
      values: savedValues(provider, settings),
      saved: req.query.done === 'saved',
    });
  });
  routes.post('/settings', permission, async (req, res) => {
    const values = postedValues(req.body as Record<string, unknown> | undefined);
    try {
      await engine.saveProviderAndSettings(inputOf(values), context.host.operator(req)?.name);
      res.redirect(303, `${baseOf(context)}/settings?done=saved`);
    } catch (error) {
      if (!isRecadoError(error) || error.code !== 'RECADO_BILLING_SETTINGS_INVALID') throw error;
      showSettings(context, req, res, { values, error });
    }
  });
}

function savedValues(provider: ProviderSettings, settings: BillingSettings): SettingsValues {
  return {
    name: provider.name,
    phone: provider.phone ?? '',
    site: provider.site ?? '',
    email: provider.email ?? '',
    pollPayments: settings.pollPayments,
    pollLookbackDays: String(settings.pollLookbackDays),
  };
}

function postedValues(body: Record<string, unknown> | undefined): SettingsValues {
  const text = (name: string) => {
    const value = body?.[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    name: text('name'),
    phone: text('phone'),
    site: text('site'),
    email: text('email'),
    pollPayments: text('poll_payments'),
    pollLookbackDays: text('poll_lookback_days').trim(),
  };
}

/** What the settings check gets: a number where a whole number was typed, else the text. */
function inputOf(values: SettingsValues) {
  const days = values.pollLookbackDays;
  return {
    provider: { name: values.name, phone: values.phone, site: values.site, email: values.email },
    settings: {
      pollPayments: values.pollPayments,
      pollLookbackDays: /^\d{1,6}$/.test(days) ? Number(days) : days,
    },
  };
}

function showSettings(
  context: AppContext,
  req: Request,
  res: Response,
  form: { values: SettingsValues; error?: RecadoError; saved?: boolean },
): void {
  const { t, locale } = wordsFor(context, req);
  const { error } = form;
  renderPage(
    context,
    req,
    res,
    'apps/billing/settings',
    {
      title: t('billing.screens.settings.title'),
      values: form.values,
      saved: form.saved === true,
      polls: POLL_MODES.map((id) => ({ id, label: t(`billing.screens.settings.poll.${id}`) })),
      error: error && fieldError(t, context, locale, error),
    },
    error?.status,
  );
}

/** The refused field and a message naming it by its label, in the operator's language. */
function fieldError(t: Translate, context: AppContext, locale: string, error: RecadoError) {
  const field = FIELDS[String(error.details.field)] ?? 'name';
  const reason = context.i18n.t(locale, String(error.details.reason), error.details);
  return {
    code: error.code,
    field,
    message: t('billing.screens.settings.field_error', { label: t(LABELS[field]), reason }),
  };
}
