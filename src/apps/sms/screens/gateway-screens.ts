import type { Request, Response } from 'express';
import {
  GATEWAY_TYPES,
  isGatewayType,
  type GatewayType,
} from '../../../channels/sms/gateway-types.js';
import type { AppContext } from '../../../core/app-module.js';
import { isRecadoError, RecadoError } from '../../../core/errors.js';
import { builderAssetUrls } from '../../../core/groups/assets.js';
import type { GatewayTools } from '../gateway-tools.js';
import type { Gateway } from '../gateway-rows.js';
import type { SmsGateways } from '../gateways.js';
import {
  configFields,
  newValues,
  postedValues,
  secretFields,
  toInput,
  valuesOf,
  type FormValues,
} from './gateway-form.js';
import { fieldError, resultText } from './gateway-text.js';

/** What the gateway screens are built from. */
export interface GatewayScreensDeps {
  readonly context: AppContext;
  readonly gateways: SmsGateways;
  readonly tools: GatewayTools;
}

type Body = Record<string, unknown>;

/** The gateway list, forms, delete confirmation, test SMS and balance pages. */
export class GatewayScreens {
  readonly #deps: GatewayScreensDeps;

  constructor(deps: GatewayScreensDeps) {
    this.#deps = deps;
  }

  /** Where the screens live; read per request, as the host mounts the app after building it. */
  get base(): string {
    return `${this.#deps.context.basePath.replace(/\/$/, '')}/gateways`;
  }

  async list(req: Request, res: Response): Promise<void> {
    const gateways = await this.#deps.gateways.list();
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    this.#render(req, res, 'apps/sms/gateways', 'sms.screens.list.title', { gateways, done });
  }

  chooseOrNew(req: Request, res: Response): void {
    const type = req.query.type;
    if (!isGatewayType(type)) {
      this.#render(req, res, 'apps/sms/gateway-types', 'sms.screens.new.title', {
        types: GATEWAY_TYPES,
      });
      return;
    }
    this.#form(req, res, { type, values: newValues() });
  }

  async edit(req: Request, res: Response): Promise<void> {
    const gateway = await this.#deps.gateways.get(Number(req.params.id));
    this.#form(req, res, { type: gateway.type, gateway, values: valuesOf(gateway) });
  }

  async create(req: Request, res: Response): Promise<void> {
    const body = req.body as Body;
    const type = body.type;
    if (!isGatewayType(type))
      throw new RecadoError('RECADO_SMS_GATEWAY_INVALID', {
        field: '/type',
        reason: 'sms.reason.required',
      });
    const values = postedValues(type, body);
    try {
      await this.#deps.gateways.create(toInput(type, values, body));
    } catch (error) {
      return this.#refused(req, res, error, { type, values });
    }
    res.redirect(303, `${this.base}?done=saved`);
  }

  async update(req: Request, res: Response): Promise<void> {
    const gateway = await this.#deps.gateways.get(Number(req.params.id));
    const body = req.body as Body;
    const values = postedValues(gateway.type, body);
    try {
      await this.#deps.gateways.update(gateway.id, toInput(gateway.type, values, body));
    } catch (error) {
      return this.#refused(req, res, error, { type: gateway.type, gateway, values });
    }
    res.redirect(303, `${this.base}?done=saved`);
  }

  async confirmDelete(req: Request, res: Response): Promise<void> {
    const gateway = await this.#deps.gateways.get(Number(req.params.id));
    this.#render(req, res, 'apps/sms/gateway-delete', 'sms.screens.delete.title', { gateway });
  }

  async delete(req: Request, res: Response): Promise<void> {
    await this.#deps.gateways.delete(Number(req.params.id));
    res.redirect(303, `${this.base}?done=deleted`);
  }

  async sendTest(req: Request, res: Response): Promise<void> {
    const gateway = await this.#deps.gateways.get(Number(req.params.id));
    const body = req.body as Body;
    const to = typeof body.to === 'string' ? body.to.trim() : '';
    const text = typeof body.text === 'string' ? body.text : '';
    const result = await this.#deps.tools.sendTestSms(gateway.id, to, text);
    const t = this.#translate(req);
    const answer = resultText(t, result);
    this.#render(req, res, 'apps/sms/gateway-result', 'sms.screens.test.title', {
      gateway,
      answer,
      ok: result.status === 'accepted',
    });
  }

  async balance(req: Request, res: Response): Promise<void> {
    const gateway = await this.#deps.gateways.get(Number(req.params.id));
    const result = await this.#deps.tools.balance(gateway.id);
    const answer = resultText(this.#translate(req), result);
    this.#render(req, res, 'apps/sms/gateway-result', 'sms.screens.balance.title', {
      gateway,
      answer,
      ok: result.status === 'ok',
    });
  }

  #refused(req: Request, res: Response, error: unknown, form: FormState): void {
    if (!isRecadoError(error) || error.code !== 'RECADO_SMS_GATEWAY_INVALID') throw error;
    const locale = this.#deps.context.pages.locale(req);
    this.#form(
      req,
      res,
      { ...form, error: fieldError(this.#deps.context.i18n, locale, error) },
      422,
    );
  }

  #form(req: Request, res: Response, form: FormState, status = 200): void {
    const title = form.gateway ? 'sms.screens.edit.title' : 'sms.screens.new.title';
    const action = form.gateway ? `${this.base}/${form.gateway.id}` : this.base;
    const fields = { config: configFields(form.type), secrets: secretFields(form.type) };
    this.#render(req, res, 'apps/sms/gateway-form', title, { ...form, action, fields }, status);
  }

  #translate(req: Request) {
    const locale = this.#deps.context.pages.locale(req);
    return (key: string, params?: Record<string, string | number>) =>
      this.#deps.context.i18n.t(locale, key, params);
  }

  #render(
    req: Request,
    res: Response,
    view: string,
    titleKey: string,
    data: Body,
    status = 200,
  ): void {
    const { context } = this.#deps;
    const title = this.#translate(req)(titleKey);
    const page = { ...data, title, base: this.base, assets: builderAssetUrls(context.basePath) };
    context.pages.render(req, res, 'sms', view, page, status);
  }
}

interface FormState {
  readonly type: GatewayType;
  readonly gateway?: Gateway;
  readonly values: FormValues;
  readonly error?: ReturnType<typeof fieldError>;
}
