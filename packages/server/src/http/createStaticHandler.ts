import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentTypeFor } from './contentTypes.ts';

/** Answers one HTTP request; resolves to false when the request is not for it (the caller answers). */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Serves a built single-page app from `rootDir`: files by path with their content type, and
 * `index.html` for any other GET that looks like an app route (no file extension), so client-side
 * routing survives a reload. Paths that leave `rootDir` (`..`, encoded or not, or a symlink
 * pointing outside) are refused with 404.
 *
 * Hashed build output under `/assets/` is cached for a year; everything else is revalidated.
 */
export function createStaticHandler(rootDir: string): RequestHandler {
  const root = resolve(rootDir);
  let realRoot: Promise<string> | undefined;

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      send(response, 400, 'Bad request');
      return true;
    }
    realRoot ??= realpath(root);
    const rootPath = await realRoot.catch(() => null);
    if (rootPath === null || pathname.includes('\0')) {
      send(response, 404, 'Not found');
      return true;
    }
    const file = (await findFile(rootPath, pathname)) ?? (extname(pathname) === '' ? await findFile(rootPath, '/index.html') : null);
    if (file === null) {
      send(response, 404, 'Not found');
      return true;
    }
    response.writeHead(200, {
      'Content-Type': contentTypeFor(file.path),
      'Content-Length': file.size,
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    createReadStream(file.path)
      .on('error', () => response.destroy())
      .pipe(response);
    return true;
  };
}

/** The regular file at `pathname` under `root` (or its index.html), if it stays inside `root`. */
async function findFile(root: string, pathname: string): Promise<{ path: string; size: number } | null> {
  const candidate = resolve(join(root, pathname));
  if (!isInside(root, candidate)) return null;
  try {
    let real = await realpath(candidate);
    if (!isInside(root, real)) return null;
    let info = await stat(real);
    if (info.isDirectory()) {
      real = await realpath(join(real, 'index.html'));
      if (!isInside(root, real)) return null;
      info = await stat(real);
    }
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}
