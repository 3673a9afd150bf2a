import type { Request, Response } from 'express';
import type { SmtpAccountConfig } from '../../../channels/email/config.js';
import {
  sendTestEmail,
  testEmailContent,
  verifyAccount,
  type CheckResult,
} from '../../../channels/email/verify.js';
import type { AppContext } from '../../../core/app-module.js';
import type { AppRoutes } from '../../../core/app-routes.js';
import { errorText } from '../../../core/app-routes.js';
import { isRecadoError } from '../../../core/errors.js';
import { formText, routeId, ScreenKit } from '../../../core/screens/screen-kit.js';
import type { SmtpAccount, SmtpAccountStore } from '../accounts.js';
import {
  accountFieldError,
  accountInput,
  accountValues,
  formChoices,
  newAccountValues,
  postedValues,
  shownValues,
  type AccountFormValues,
} from './account-form.js';

const OPTIONS = { channel: 'email', view: 'email.view', manage: 'email.manage' } as const;
const ACCOUNT_VIEWS = 'apps/email/';

/** What the form page shows besides the values: a refused field, a check's answer. */
interface FormState {
  readonly account?: SmtpAccount;
  readonly values: AccountFormValues;
  readonly error?: { field: string; message: string };
  readonly check?: { ok: boolean; message: string; warnings: string[] };
  readonly testTo?: string;
}

/**
 * The SMTP account screens, under `/accounts`:
 *
 * - `GET /accounts` list with status (view) · `GET /accounts/new` form (manage)
 * - `POST /accounts` create · `GET|POST /accounts/:id` edit (manage)
 * - `GET|POST /accounts/:id/delete` confirm and delete (manage)
 * - `POST /accounts/check` and `POST /accounts/:id/check`, `action=verify|send`: "test
 *   connection" and "send a test e-mail" with the form's values, nothing saved (manage)
 */
export function accountRoutes(routes: AppRoutes, context: AppContext, store: SmtpAccountStore) {
  const screen = new AccountScreens(context);
  const kit = () => screen.kit;

  routes.get('/accounts', OPTIONS.view, async (req, res) => {
    const accounts = await store.list();
    screen.list(req, res, accounts);
  });
  routes.get('/accounts/new', OPTIONS.manage, (req, res) => {
    screen.form(req, res, { values: newAccountValues() });
  });
  routes.post('/accounts', OPTIONS.manage, async (req, res) => {
    const values = postedValues(req);
    await saveOrRefuse(req, res, values, () => store.create(accountInput(values)));
  });
  routes.post('/accounts/check', OPTIONS.manage, async (req, res) => {
    await check(req, res);
  });
  routes.get('/accounts/:id', OPTIONS.manage, async (req, res) => {
    const account = await store.get(accountId(req));
    screen.form(req, res, { account, values: accountValues(account) });
  });
  routes.post('/accounts/:id', OPTIONS.manage, async (req, res) => {
    const account = await store.get(accountId(req));
    const values = postedValues(req);
    await saveOrRefuse(
      req,
      res,
      values,
      () => store.update(account.id, accountInput(values)),
      account,
    );
  });
  routes.post('/accounts/:id/check', OPTIONS.manage, async (req, res) => {
    await check(req, res, await store.get(accountId(req)));
  });
  routes.get('/accounts/:id/delete', OPTIONS.manage, async (req, res) => {
    screen.remove(req, res, await store.get(accountId(req)));
  });
  routes.post('/accounts/:id/delete', OPTIONS.manage, async (req, res) => {
    const account = await store.get(accountId(req));
    try {
      await store.delete(account.id);
    } catch (error) {
      if (!isRecadoError(error) || error.code !== 'RECADO_EMAIL_ACCOUNT_IN_USE') throw error;
      const refusal = errorText(context.i18n, kit().locale(req), error);
      return screen.remove(req, res, account, refusal, error.status);
    }
    res.redirect(303, `${kit().base}?done=deleted`);
  });

  /** Saves, or shows the form again with the refused field and a 422; secrets not kept. */
  async function saveOrRefuse(
    req: Request,
    res: Response,
    values: AccountFormValues,
    save: () => Promise<unknown>,
    account?: SmtpAccount,
  ) {
    try {
      await save();
    } catch (error) {
      const refused = accountFieldError(req, kit(), error);
      if (!refused) throw error;
      return screen.form(req, res, { account, values: shownValues(values), error: refused }, 422);
    }
    res.redirect(303, `${kit().base}?done=saved`);
  }

  /** Runs "test connection" or "send a test e-mail" on the form's values and shows the answer. */
  async function check(req: Request, res: Response, account?: SmtpAccount) {
    const values = postedValues(req);
    const testTo = formText(req, 'testTo').trim();
    let config: SmtpAccountConfig;
    try {
      config = await store.draftConfig(accountInput(values), account?.id);
    } catch (error) {
      const refused = accountFieldError(req, kit(), error);
      if (!refused) throw error;
      return screen.form(
        req,
        res,
        { account, values: shownValues(values), error: refused, testTo },
        422,
      );
    }

    const t = kit().translate(req);
    const result: CheckResult =
      formText(req, 'action') === 'send'
        ? await sendTestEmail(config, testTo, testEmailContent(t, config))
        : await verifyAccount(config);
    context.logger.info(
      { event: 'email.account.checked', accountId: account?.id, ok: result.ok },
      'account checked',
    );
    const shown = {
      ok: result.ok,
      message: t(result.message.key, result.message.params),
      warnings: result.warnings.map((warning) => t(warning.key, warning.params)),
    };
    screen.form(req, res, { account, values: shownValues(values), check: shown, testTo });
  }
}

function accountId(req: Request): number {
  return routeId(req, 'RECADO_EMAIL_ACCOUNT_NOT_FOUND');
}

/** Renders the account pages through the shared screen kit. */
class AccountScreens {
  readonly #context: AppContext;
  #kit: ScreenKit | undefined;

  constructor(context: AppContext) {
    this.#context = context;
  }

  /** Built on first use: the app's mount point is known only once its router is mounted. */
  get kit(): ScreenKit {
    this.#kit ??= new ScreenKit(this.#context, OPTIONS, 'accounts');
    return this.#kit;
  }

  list(req: Request, res: Response, accounts: readonly SmtpAccount[]): void {
    const t = this.kit.translate(req);
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    this.kit.render(req, res, `${ACCOUNT_VIEWS}accounts`, {
      title: t('email.screens.accounts.title'),
      accounts,
      done,
    });
  }

  form(req: Request, res: Response, state: FormState, status = 200): void {
    const t = this.kit.translate(req);
    const base = this.kit.base;
    const action = state.account ? `${base}/${state.account.id}` : base;
    this.kit.render(
      req,
      res,
      `${ACCOUNT_VIEWS}account-form`,
      {
        title: t(state.account ? 'email.screens.form.edit_title' : 'email.screens.form.new_title'),
        ...state,
        action,
        checkAction: `${action === base ? `${base}/check` : `${action}/check`}`,
        ...formChoices(),
      },
      status,
    );
  }

  remove(req: Request, res: Response, account: SmtpAccount, refusal?: string, status = 200): void {
    const t = this.kit.translate(req);
    this.kit.render(
      req,
      res,
      `${ACCOUNT_VIEWS}account-delete`,
      { title: t('email.screens.delete.title'), account, refusal },
      status,
    );
  }
}
