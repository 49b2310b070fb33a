import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPageServed } from '../src/checkPageServed.ts';
import { NPM_START_READY, type ServerUrls } from '../src/readyLine.ts';
import {
  killIfRunning,
  REPO_ROOT,
  runCommand,
  startCommand,
  stopLikeCtrlC,
  stopLikeProcessManager,
  type RunningCommand,
} from '../src/runCommand.ts';
import { streamOneReply } from '../src/streamOneReply.ts';

/**
 * The README's first command, `npm start`, run as a newcomer runs it after `npm ci`. Its outputs
 * and stamps are removed first, so it builds core, server and demo from scratch as on a fresh
 * clone: the skip-if-up-to-date logic can never hide a broken build here, even on a machine that
 * built before.
 */
const BUILT_BY_NPM_START = ['packages/core/dist', 'packages/server/dist', 'apps/demo/dist', 'node_modules/.cache/rejoin-start'];

let running: RunningCommand | undefined;
afterAll(() => killIfRunning(running));

async function start(): Promise<ServerUrls> {
  // PORT=0: a free port, read back from the ready line.
  running = startCommand('npm', ['start'], { env: { PORT: '0' }, echo: '  [npm start]' });
  const [, pageUrl, wsUrl] = await running.waitFor(NPM_START_READY);
  return { pageUrl: `${pageUrl}/`, wsUrl: wsUrl! };
}

describe('npm start on a fresh clone', () => {
  let urls: ServerUrls;

  it('builds core, server and the demo from scratch, then prints its ready line', async () => {
    for (const path of BUILT_BY_NPM_START) rmSync(join(REPO_ROOT, path), { recursive: true, force: true });
    urls = await start();
    expect(running!.output()).toMatch(/@rejoin\/core: built in[\s\S]*@rejoin\/server: built in[\s\S]*demo app: built in/);
    expect(urls.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the demo page with its scripts and styles', async () => {
    const page = await checkPageServed(urls.pageUrl);
    expect(page.html).toContain('<div id="root">');
    expect(page.assets.filter((asset) => /javascript/.test(asset.contentType)).length).toBeGreaterThan(0);
    for (const asset of page.assets) expect(asset.bytes, asset.url).toBeGreaterThan(0);
  });

  it('streams one whole reply over its WebSocket, as docs/protocol.md describes', async () => {
    const reply = await streamOneReply(urls.wsUrl);
    expect(reply.finishReason).toBe('complete');
    expect(reply.chunkCount).toBeGreaterThan(1);
    expect(reply.text.trim().length).toBeGreaterThan(0);
  });

  // What a backend team runs against its own server (packages/conformance), here against ours:
  // every case that a default-configured server allows passes. Four cases at a time, since most
  // wait on the simulated model's pace.
  it('passes the protocol conformance suite, run with npx rejoin-conformance', async () => {
    const reportPath = join(mkdtempSync(join(tmpdir(), 'rejoin-conformance-')), 'report.json');
    const run = await runCommand('npx', ['rejoin-conformance', urls.wsUrl, '--concurrency', '4', '--approval-prompt', 'research the tides of the Severn', '--json', reportPath], { echo: '  [conformance]' });
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { cases: { status: string; reason?: string }[] };
    expect(report.cases.filter((result) => result.status === 'fail')).toEqual([]);
    // Only the cases a default server cannot run here are skipped (each says why), never most.
    expect(report.cases.filter((result) => result.status === 'pass').length).toBeGreaterThan(report.cases.length * 0.9);
  });

  // One Ctrl+C reaches the server twice: the terminal signals the whole job, and npm passes its
  // own copy on. The second copy is sent here once the first is handled, while the server waits
  // for a running reply to finish into its store (docs/protocol.md §18).
  it('stops on Ctrl+C with exit code 0, letting a running reply finish, though the signal arrives twice', async () => {
    let replyStarted!: () => void;
    const started = new Promise<void>((resolve) => (replyStarted = resolve));
    const reply = streamOneReply(urls.wsUrl, { onFirstChunk: replyStarted });
    await started;
    // The refusal may arrive before the second signal is sent: assert on it from now on, so the
    // rejection always has a handler.
    const refused = expect(reply).rejects.toThrow(/error frame \(shutting_down\)/);
    stopLikeCtrlC(running!);
    await running!.waitFor(/SIGINT: closing the server/);
    stopLikeCtrlC(running!);
    // The client is told, then let go: `shutting_down`, and a close with 1001 (going away).
    await refused;
    const code = await running!.exitCode;
    expect(running!.groupAlive(), 'a process of `npm start` outlived it').toBe(false);
    expect(code).toBe(0);
  });
});

describe('npm start again, with nothing changed', () => {
  it('skips the three builds, serves, and stops on a SIGTERM sent to npm alone with exit code 0', async () => {
    const urls = await start();
    expect(running!.output()).toMatch(/@rejoin\/core: up to date\n\s*@rejoin\/server: up to date\n\s*demo app: up to date/);
    await checkPageServed(urls.pageUrl);
    stopLikeProcessManager(running!);
    const code = await running!.exitCode;
    // npm passes the signal to its script; the server must get it too, not be left orphaned.
    expect(running!.groupAlive(), 'a process of `npm start` outlived npm').toBe(false);
    const { output } = await running!.exited;
    expect(output).toContain('SIGTERM: closing the server');
    expect(code).toBe(0);
  });
});
