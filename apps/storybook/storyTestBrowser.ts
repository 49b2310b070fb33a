import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-harness/chromiumLaunch.ts';

/**
 * Where both Storybooks' story tests run: Debian's chromium (no browser download), headless, with
 * the flags that keep it quiet on a closed network and working as root (test-harness/chromiumLaunch.ts).
 */
export function storyTestBrowser() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      },
    }),
    instances: [{ browser: 'chromium' as const }],
  };
}
