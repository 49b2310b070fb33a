import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisForTests } from '../../scripts/redisForTests.mjs';
import { checkPageServed } from '../src/checkPageServed.ts';
import { SERVER_CLI_LISTENING, SERVER_CLI_SERVING } from '../src/readyLine.ts';
import { killIfRunning, REPO_ROOT, runCommand, startCommand, stopLikeCtrlC, type RunningCommand } from '../src/runCommand.ts';
import { streamOneReply } from '../src/streamOneReply.ts';

/**
 * The README's other commands a newcomer is told to run (`npm start` has its own file), run as
 * written. Left out, and why: `npm test` is this run; `npm run storybook` and the `npm run bench`,
 * `test:chaos` and `docs:statechart` runs are long or rewrite tracked docs (the statechart test
 * already fails when the document is stale); `npm run changeset` is interactive.
 */
let server: RunningCommand | undefined;
let redis: { url: string; stop(): void } | undefined;
afterAll(async () => {
  await killIfRunning(server);
  redis?.stop();
});

const packageDirs = ['core', 'react', 'vue', 'server', 'ui'];

async function serveAndStream(args: readonly string[]): Promise<string> {
  server = startCommand('npx', ['rejoin-server', ...args], { echo: '  [rejoin-server]' });
  const [, wsUrl] = await server.waitFor(SERVER_CLI_LISTENING);
  const reply = await streamOneReply(wsUrl!);
  expect(reply.finishReason).toBe('complete');
  expect(reply.chunkCount).toBeGreaterThan(1);
  return wsUrl!;
}

/**
 * Ctrl+C during a reply: the server closes gracefully and nothing outlives npx. One Ctrl+C may
 * reach the server twice (the terminal's copy and npm's), so a second copy is sent once the first
 * is handled, while the reply finishes into the store. npx itself does not trap SIGINT, so it ends
 * by that signal (the shell's usual ^C), whatever the server's own exit code: the server's last
 * line before its `process.exit(0)` is the proof of its clean exit.
 */
async function stopCleanly(wsUrl: string): Promise<void> {
  let replyStarted!: () => void;
  const started = new Promise<void>((resolve) => (replyStarted = resolve));
  const reply = streamOneReply(wsUrl, { onFirstChunk: replyStarted });
  await started;
  // The refusal may arrive before the second signal is sent: assert on it from now on, so the
  // rejection always has a handler.
  const refused = expect(reply).rejects.toThrow(/error frame \(shutting_down\)/);
  stopLikeCtrlC(server!);
  await server!.waitFor(/Received SIGINT, shutting down gracefully/);
  stopLikeCtrlC(server!);
  await refused;
  const { code, signal, output } = await server!.exited;
  expect(server!.groupAlive(), 'a process of rejoin-server outlived npx').toBe(false);
  expect(output).toContain('Received SIGINT, shutting down gracefully');
  expect(output).toMatch(/"msg":"closed"/);
  expect(output).not.toContain('Shutdown failed');
  expect(code === 0 || signal === 'SIGINT', `npx ended with ${code ?? signal}`).toBe(true);
}

describe("the README's build and package commands", () => {
  it('npm run build builds every installable package and the demo', async () => {
    for (const dir of packageDirs) rmSync(join(REPO_ROOT, 'packages', dir, 'dist'), { recursive: true, force: true });
    const build = await runCommand('npm', ['run', 'build']);
    expect(build.code, build.output).toBe(0);
    for (const dir of packageDirs) {
      // Every file an `exports` entry points a user at (its `default` and `types`) exists.
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
      const targets = Object.values(manifest.exports).flatMap((entry) =>
        typeof entry === 'string' ? [entry] : Object.entries(entry as Record<string, string>).filter(([condition]) => condition !== 'source').map(([, path]) => path),
      );
      for (const target of targets) expect(existsSync(join(REPO_ROOT, 'packages', dir, target)), `packages/${dir}: ${target}`).toBe(true);
    }
    expect(existsSync(join(REPO_ROOT, 'apps', 'demo', 'dist', 'index.html'))).toBe(true);
  });

  it('npm run check:packages passes publint and attw on every tarball', async () => {
    const check = await runCommand('npm', ['run', 'check:packages']);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain('Every installable package passes publint and attw.');
  });

  it('npm run build-storybook builds the React Storybook with the Vue one composed into it', async () => {
    const build = await runCommand('npm', ['run', 'build-storybook']);
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(REPO_ROOT, 'apps', 'storybook', 'storybook-static', 'index.html'))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'apps', 'storybook', 'storybook-static', 'vue', 'index.html'))).toBe(true);
  });
});

describe("the README's server commands (after `npm run build`)", () => {
  it('npx rejoin-server --static apps/demo/dist --rate 30 serves the demo and streams a reply, and closes on Ctrl+C', async () => {
    const wsUrl = await serveAndStream(['--port', '0', '--static', 'apps/demo/dist', '--rate', '30']);
    const [, pageUrl] = await server!.waitFor(SERVER_CLI_SERVING);
    const page = await checkPageServed(`${pageUrl}/`);
    expect(page.assets.length).toBeGreaterThan(0);
    await stopCleanly(wsUrl);
  });

  it('npx rejoin-server --redis URL streams a reply from Redis stores, and closes on Ctrl+C', async () => {
    // `npm test` starts one redis-server for every suite; run alone, this file starts its own.
    const url = process.env['REDIS_URL'] ?? (redis = await startRedisForTests()).url;
    const wsUrl = await serveAndStream(['--port', '0', '--redis', url]);
    expect(server!.output()).toContain('Stores: Redis at');
    await stopCleanly(wsUrl);
  });
});
