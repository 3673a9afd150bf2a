import type { MessageParams } from '../lib/i18n.js';

/** One entry of the error catalog: the HTTP status it answers with and its message key. */
export interface ErrorSpec {
  /** HTTP status a route answers with when this error reaches it. */
  readonly status: number;
  /** Locale key of the operator-facing message; its `{name}` placeholders come from details. */
  readonly messageKey: string;
}

/**
 * Every error Recado raises on purpose. Codes are stable: logs, tests and the locale files
 * refer to them, so a code is renamed only together with its message in every locale.
 */
export const ERRORS = {
  RECADO_MANIFEST_INVALID: { status: 500, messageKey: 'errors.manifest_invalid' },
  RECADO_MANIFEST_UNREADABLE: { status: 500, messageKey: 'errors.manifest_unreadable' },
  RECADO_MAPPING_INVALID: { status: 500, messageKey: 'errors.mapping_invalid' },
  RECADO_MAPPING_MISSING_TABLE: { status: 500, messageKey: 'errors.mapping_missing_table' },
  RECADO_MAPPING_MISSING_COLUMN: { status: 500, messageKey: 'errors.mapping_missing_column' },
  RECADO_HOST_INVALID: { status: 500, messageKey: 'errors.host_invalid' },
  RECADO_DATABASE_UNREACHABLE: { status: 503, messageKey: 'errors.database_unreachable' },
  RECADO_DATABASE_URL_INVALID: { status: 500, messageKey: 'errors.database_url_invalid' },
  RECADO_MIGRATION_FAILED: { status: 500, messageKey: 'errors.migration_failed' },
  RECADO_PORT_IN_USE: { status: 500, messageKey: 'errors.port_in_use' },
  RECADO_CONFIG_INVALID: { status: 500, messageKey: 'errors.config_invalid' },
  RECADO_APP_UNKNOWN: { status: 404, messageKey: 'errors.app_unknown' },
  RECADO_APP_DISABLED: { status: 404, messageKey: 'errors.app_disabled' },
  RECADO_AUTH_REQUIRED: { status: 401, messageKey: 'errors.auth_required' },
  RECADO_AUTH_FORBIDDEN: { status: 403, messageKey: 'errors.auth_forbidden' },
  RECADO_AUTH_BAD_CREDENTIALS: { status: 401, messageKey: 'errors.auth_bad_credentials' },
  RECADO_CSRF_INVALID: { status: 403, messageKey: 'errors.csrf_invalid' },
  RECADO_INPUT_INVALID: { status: 400, messageKey: 'errors.input_invalid' },
  RECADO_NOT_FOUND: { status: 404, messageKey: 'errors.not_found' },
  RECADO_INTERNAL: { status: 500, messageKey: 'errors.internal' },
  RECADO_FILTER_INVALID: { status: 400, messageKey: 'errors.filter_invalid' },
  RECADO_CAMPAIGN_NOT_FOUND: { status: 404, messageKey: 'errors.campaign_not_found' },
  RECADO_CAMPAIGN_STATE: { status: 409, messageKey: 'errors.campaign_state' },
  RECADO_TEMPLATE_INVALID: { status: 422, messageKey: 'errors.template_invalid' },
  RECADO_TEMPLATE_VARIABLE_MISSING: { status: 422, messageKey: 'errors.template_variable_missing' },
  RECADO_TEMPLATE_LIMIT_EXCEEDED: { status: 422, messageKey: 'errors.template_limit_exceeded' },
  RECADO_TEMPLATE_RENDER_FAILED: { status: 422, messageKey: 'errors.template_render_failed' },
  RECADO_TEMPLATE_DATA_INVALID: { status: 500, messageKey: 'errors.template_data_invalid' },
  RECADO_VAULT_UNREADABLE: { status: 500, messageKey: 'errors.vault_unreadable' },
  RECADO_BILLING_RULE_INVALID: { status: 422, messageKey: 'billing.error.rule_invalid' },
  RECADO_BILLING_RULE_NOT_FOUND: { status: 404, messageKey: 'billing.error.rule_not_found' },
  RECADO_BILLING_TEMPLATE_MISSING: { status: 422, messageKey: 'billing.error.template_missing' },
  RECADO_BILLING_SETTINGS_INVALID: { status: 422, messageKey: 'billing.error.settings_invalid' },
  RECADO_GROUP_NOT_FOUND: { status: 404, messageKey: 'groups.error.not_found' },
  RECADO_GROUP_NAME_INVALID: { status: 422, messageKey: 'groups.error.name_invalid' },
  RECADO_GROUP_NAME_TAKEN: { status: 422, messageKey: 'groups.error.name_taken' },
  RECADO_EMAIL_ACCOUNT_NOT_FOUND: { status: 404, messageKey: 'email.error.account_not_found' },
  RECADO_EMAIL_ACCOUNT_IN_USE: { status: 409, messageKey: 'email.error.account_in_use' },
  RECADO_SMS_GATEWAY_INVALID: { status: 422, messageKey: 'sms.error.gateway_invalid' },
  RECADO_SMS_GATEWAY_NOT_FOUND: { status: 404, messageKey: 'sms.error.gateway_not_found' },
  RECADO_SMS_GATEWAY_IN_USE: { status: 409, messageKey: 'sms.error.gateway_in_use' },
  RECADO_SMS_NUMBER_REFUSED: { status: 422, messageKey: 'sms.error.number_refused' },
  RECADO_SMS_TEST_TEXT_INVALID: { status: 422, messageKey: 'sms.error.test_text_invalid' },
  RECADO_TEMPLATE_NOT_FOUND: { status: 404, messageKey: 'screens.error.template_not_found' },
  RECADO_TEMPLATE_FIELD_INVALID: {
    status: 422,
    messageKey: 'screens.error.template_field_invalid',
  },
  RECADO_TEMPLATE_NAME_TAKEN: { status: 422, messageKey: 'screens.error.template_name_taken' },
  RECADO_TEMPLATE_IN_USE: { status: 409, messageKey: 'screens.error.template_in_use' },
  RECADO_TEMPLATE_IN_USE_BY_RULE: {
    status: 409,
    messageKey: 'screens.error.template_in_use_by_rule',
  },
  RECADO_CUSTOMER_NOT_FOUND: { status: 404, messageKey: 'screens.error.customer_not_found' },
  RECADO_CAMPAIGN_INPUT_INVALID: {
    status: 422,
    messageKey: 'screens.error.campaign_input_invalid',
  },
  RECADO_CAMPAIGN_TEMPLATE_NEEDS_INVOICE: {
    status: 422,
    messageKey: 'screens.error.campaign_template_needs_invoice',
  },
  RECADO_CAMPAIGN_SCHEDULE_INVALID: {
    status: 422,
    messageKey: 'screens.error.campaign_schedule_invalid',
  },
  RECADO_CAMPAIGN_SCHEDULE_PAST: {
    status: 422,
    messageKey: 'screens.error.campaign_schedule_past',
  },
  RECADO_CAMPAIGN_TEST_RECIPIENT_INVALID: {
    status: 422,
    messageKey: 'screens.error.campaign_test_recipient_invalid',
  },
  RECADO_CAMPAIGN_AUDIENCE_EMPTY: {
    status: 422,
    messageKey: 'screens.error.campaign_audience_empty',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a catalog code, the values its message needs, and the error that caused it. */
export class RecadoError extends Error {
  readonly code: ErrorCode;
  readonly details: MessageParams;

  constructor(code: ErrorCode, details: MessageParams = {}, options: { cause?: unknown } = {}) {
    super(`${code} ${JSON.stringify(details)}`, options);
    this.name = 'RecadoError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  get messageKey(): string {
    return ERRORS[this.code].messageKey;
  }
}

export function isRecadoError(error: unknown): error is RecadoError {
  return error instanceof RecadoError;
}
