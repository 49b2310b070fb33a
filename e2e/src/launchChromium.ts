import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';

import { CHROMIUM_ARGS as QUIET_ROOT_ARGS, CHROMIUM_PATH } from '../../test-harness/chromiumLaunch.ts';

export { CHROMIUM_PATH };

const CHROMIUM_ARGS = [
  ...QUIET_ROOT_ARGS,
  // A page loaded from the offline cache (`serveFromCache`) has no IP address space, so Chromium's
  // Local Network Access checks would block its socket to 127.0.0.1; a real cached app keeps its origin's.
  '--disable-features=LocalNetworkAccessChecks',
  // A page in a background tab keeps its timers at full speed: the two-tab scenario watches both.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * Launches the run's one headless Chromium as a server the test files connect to (a launch costs
 * about a second here; a connection, a few milliseconds). Fails with the install command when the
 * browser is missing: the suite never skips for want of it.
 */
export async function launchChromiumServer(): Promise<BrowserServer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `[rejoin] No Chromium at ${CHROMIUM_PATH}. The end-to-end tests drive Debian's chromium, never a downloaded one: install Debian's chromium: apt-get install -y chromium (or point CHROMIUM_PATH at a Chromium).`,
    );
  }
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
