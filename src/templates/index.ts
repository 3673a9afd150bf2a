/**
 * Message templates: operators' subject and body texts rendered with LiquidJS in a sandbox,
 * the variables they may use, Brazilian filters, the check run when a template is saved,
 * and SMS length counting.
 */
export { assertTemplate, checkTemplate } from './check.js';
export type { CheckOptions, TemplateChannel, TemplateCheck } from './check.js';
export { buildRenderContext, toPlainData } from './context.js';
export type {
  CustomerInput,
  CustomerVariables,
  InvoiceInput,
  InvoiceVariables,
  ProviderInput,
  ProviderVariables,
  RenderContext,
  RenderInput,
} from './context.js';
export { TemplateEngine } from './engine.js';
export type {
  MessageTemplate,
  RenderData,
  RenderedMessage,
  RenderOptions,
  TemplateEngineOptions,
} from './engine.js';
export { TEMPLATE_ISSUE_CODES, TemplateError, TemplateInvalidError } from './faults.js';
export type { TemplateField, TemplateIssue, TemplateIssueCode } from './faults.js';
export {
  DATE_FORMATS,
  firstName,
  formatDate,
  formatMoney,
  formatPhone,
  TEMPLATE_FILTERS,
  toAscii,
} from './filters.js';
export { DEFAULT_LIMITS, FORBIDDEN_TAGS } from './liquid.js';
export type { BodyFormat, TemplateLimits } from './liquid.js';
export { foldToGsm, gsmSeptets, isGsm7, smsTextInfo } from './sms-text.js';
export type { SmsEncoding, SmsTextInfo } from './sms-text.js';
export {
  findVariable,
  sampleRenderData,
  TEMPLATE_VARIABLES,
  VARIABLE_GROUPS,
  variablesByGroup,
} from './variables.js';
export type { TemplateVariable, VariableGroup, VariableType } from './variables.js';
