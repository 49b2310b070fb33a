import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

let base: string;
let harness: TestServer;
let origin: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'rejoin-static-'));
  const site = join(base, 'site');
  await mkdir(join(site, 'assets'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(site, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(join(site, 'style.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'do not serve');
  await symlink(join(base, 'secret.txt'), join(site, 'leak.txt'));
  harness = await startTestServer({ staticDir: site });
  origin = harness.server.address!.httpUrl;
});

afterAll(async () => {
  await harness.close();
  await rm(base, { recursive: true, force: true });
});

/** A raw GET, so paths like `/../x` reach the server unnormalized. */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; cache: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (body += data));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          cache: String(res.headers['cache-control'] ?? ''),
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving a built app', () => {
  it('serves index.html at the root', async () => {
    const response = await get('/');
    expect(response).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
    expect(response.body).toContain('<title>app</title>');
  });

  it('serves files with their content type, and hashed assets with a long cache', async () => {
    expect(await get('/style.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8', body: 'body{}' });
    expect(await get('/assets/app-1a2b.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      cache: 'public, max-age=31536000, immutable',
    });
  });

  it('falls back to index.html for app routes, but not for missing files', async () => {
    expect((await get('/conversations/abc')).body).toContain('<title>app</title>');
    expect((await get('/missing.png')).status).toBe(404);
  });

  it('answers HEAD without a body', async () => {
    expect(await get('/style.css', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/leak.txt'])(
    'refuses to leave the directory through %s',
    async (path) => {
      const response = await get(path);
      expect(response.body).not.toContain('do not serve');
      expect(response.status).toBe(404);
    },
  );

  it('still accepts WebSocket connections on the same port', async () => {
    const { client } = await TestClient.join(harness.url);
    client.send({ type: 'list' });
    await client.next(frameOf('conversations'));
    await client.close();
  });
});
