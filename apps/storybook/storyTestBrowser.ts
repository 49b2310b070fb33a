import { playwright } from '@vitest/browser-playwright';

/**
 * Where both Storybooks' story tests run: Debian's chromium (no browser download), headless, with
 * the flags that keep it quiet on a closed network and working as root (see docs/toolchain).
 * `CHROMIUM_PATH` points elsewhere when chromium lives elsewhere.
 */
export function storyTestBrowser() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: {
        executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
    instances: [{ browser: 'chromium' as const }],
  };
}
