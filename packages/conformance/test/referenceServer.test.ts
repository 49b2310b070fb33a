import { afterEach, describe, expect, it } from 'vitest';
import { ALL_CASES, runConformance, type ConformanceReport } from '../src/index.ts';
import { APPROVAL_PROMPT, FAILING_PROMPT, FAST_SERVER_OPTIONS, startReferenceServer, type RunningServer } from './support/startReferenceServer.ts';

function failures(report: ConformanceReport): string[] {
  return report.cases.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.status} ${result.reason ?? ''}`);
}

/** The reference server's env: npm test starts redis-server and passes its URL. */
function redisUrl(): string {
  const url = process.env['REDIS_URL']?.trim();
  if (!url) throw new Error('[rejoin] The Redis proof needs REDIS_URL (npm test -- --filter=@rejoin/conformance starts redis-server).');
  return url;
}

describe('the reference server', () => {
  let server: RunningServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const run = (running: RunningServer, concurrency = 1) =>
    runConformance({ url: running.url, errorPrompt: FAILING_PROMPT, approvalPrompt: APPROVAL_PROMPT, maxWaitMs: 5_000, retentionMs: FAST_SERVER_OPTIONS.retentionMs, shutdown: running.close, concurrency });
  const caseOrder = [...ALL_CASES.filter((item) => item.last !== true), ...ALL_CASES.filter((item) => item.last === true)].map((item) => item.id);

  // Four cases at a time, as CI runs the CLI against npm start's server: the report keeps the cases' order all the same.
  it('passes every case with in-memory stores, four at a time', async () => {
    server = await startReferenceServer();
    const report = await run(server, 4);
    expect(failures(report)).toEqual([]);
    expect(report.cases.map((result) => result.id)).toEqual(caseOrder);
  });

  it('passes every case on Redis', async () => {
    server = await startReferenceServer({ redisUrl: redisUrl() });
    const report = await run(server);
    expect(failures(report)).toEqual([]);
    expect(report.cases).toHaveLength(ALL_CASES.length);
  });
});
