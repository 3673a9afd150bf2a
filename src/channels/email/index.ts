export { SmtpChannel, type SmtpChannelDeps } from './smtp-channel.js';
export {
  DEFAULT_TIMEOUTS,
  SMTP_SECURITIES,
  domainOf,
  type DkimConfig,
  type SmtpAccountConfig,
  type SmtpAccountSource,
  type SmtpSecurity,
  type SmtpTimeouts,
} from './config.js';
export { classifySmtpError, type SmtpFailure } from './classify.js';
export {
  SMTP_PRESETS,
  SMTP_PRESET_IDS,
  presetOf,
  type SmtpPreset,
  type SmtpPresetId,
} from './presets.js';
export {
  sendTestEmail,
  testEmailContent,
  verifyAccount,
  warningsFor,
  type CheckMessage,
  type CheckOptions,
  type CheckResult,
  type TestEmailContent,
} from './verify.js';
export type { TransportSettings } from './transport.js';
