import type { AppModule } from '../core/app-module.js';
import { billingApp } from './billing/index.js';
import { emailApp } from './email/index.js';
import { smsApp } from './sms/index.js';

/** The app folders, in marketplace order. */
export const APPS: readonly AppModule[] = [billingApp, emailApp, smsApp];
