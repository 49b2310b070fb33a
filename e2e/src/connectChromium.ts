import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's one Chromium listens (`launchChromiumServer` in the global setup). */
    chromiumWsEndpoint: string;
  }
}

/** Connects to the run's Chromium. Closing the result disconnects; the browser lives until the run ends. */
export function connectChromium(): Promise<Browser> {
  return chromium.connect(inject('chromiumWsEndpoint'));
}
