import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, chromiumUnavailable, skipOrFail } from './services.js';

/** Flags for Debian's Chromium on a machine with no network but the loopback. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium for a suite, or skips it (fails under CI) when it is missing. */
export async function launchBrowser(context: Mocha.Context, suite: string): Promise<Browser> {
  const missing = chromiumUnavailable();
  if (missing) skipOrFail(context, suite, missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
