import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Answers the page's own requests from the built files, without the network, as an offline cache
 * (a service worker's) would: an offline browser can then reload the app. App routes get
 * `index.html`. Returns the function that removes the route.
 */
export async function serveFromCache(context: BrowserContext, origin: string, distDir: string): Promise<() => Promise<void>> {
  const pattern = `${new URL(origin).origin}/**`;
  await context.route(pattern, async (route) => {
    const { pathname } = new URL(route.request().url());
    const path = extname(pathname) === '' ? '/index.html' : pathname;
    try {
      const body = await readFile(join(distDir, path));
      await route.fulfill({ status: 200, body, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404, body: 'not in the cache' });
    }
  });
  return () => context.unroute(pattern);
}
