import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-harness/chromiumLaunch.ts';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`[rejoin] No Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or point CHROMIUM_PATH at one.`);
  }
  // playwright gives each launch a fresh profile directory of its own.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}
