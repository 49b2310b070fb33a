import { afterEach, describe, expect, it } from 'vitest';
import { ALL_CASES, runConformance } from '../src/index.ts';
import { APPROVAL_PROMPT, serveFakeServer, type ServedFake } from './support/serveFakeServer.ts';

const NO_VALIDATION = 'the fake trusts its client (the @rejoin/core client validates every frame before sending): it validates nothing';
const NO_AUTH = 'the fake has no authentication: every connection is the same user';
const NO_LIMITS = 'the fake enforces no limits (its client enforces the announced ones before sending)';

/**
 * The cases that do not apply to core's fake server, and why: it stands in for a server in app
 * tests, where the client is ours and there is one user. Everything else it must pass.
 */
const FAKE_NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'handshake.unauthorized': NO_AUTH,
  'handshake.second-hello': NO_VALIDATION,
  'handshake.malformed-before-hello': NO_VALIDATION,
  'version.hello-v3': NO_VALIDATION,
  'version.v-on-any-frame': NO_VALIDATION,
  // Every refusal case; an integer written 1.0 needs no validator (JSON.parse reads it as 1), so it runs.
  ...Object.fromEntries(ALL_CASES.filter((item) => item.id.startsWith('invalid.') && item.id !== 'invalid.integer-with-point').map((item) => [item.id, NO_VALIDATION])),
  ...Object.fromEntries(ALL_CASES.filter((item) => item.id.startsWith('auth.')).map((item) => [item.id, NO_AUTH])),
  'send.too-long': NO_LIMITS,
  'limits.frame-too-large': NO_LIMITS,
  'limits.rate-limited': NO_LIMITS,
  'load.errored-status': 'the fake\'s replies never fail',
  'heartbeat.idle-close': 'the fake never closes idle connections (heartbeatMs 30000, no idle timer)',
  'heartbeat.pings-keep-alive': 'takes 3 × heartbeatMs = 90 s with the fake\'s heartbeatMs',
  'retention.after-window': 'the fake keeps every stream for its lifetime (no retention window)',
  'shutdown.going-away': 'the fake has no graceful shutdown (setDown drops connections with 1001, without shutting_down)',
};

describe('the fake server of @rejoin/core/testing', () => {
  let served: ServedFake | null = null;
  afterEach(async () => {
    await served?.close();
    served = null;
  });

  it('passes every case that applies to it, and skips the rest with the reason', async () => {
    served = await serveFakeServer();
    const report = await runConformance({ url: served.url, notApplicable: FAKE_NOT_APPLICABLE, approvalPrompt: APPROVAL_PROMPT });
    const notPassed = report.cases.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.status} ${result.reason ?? ''}`);
    expect(notPassed).toEqual(Object.entries(FAKE_NOT_APPLICABLE).map(([id, reason]) => `${id}: skip ${reason}`).sort(byCaseOrder));
    expect(report.totals.pass).toBe(ALL_CASES.length - Object.keys(FAKE_NOT_APPLICABLE).length);
  });
});

/** Results come in case order; compare in that order. */
function byCaseOrder(a: string, b: string): number {
  const index = (line: string) => ALL_CASES.findIndex((item) => line.startsWith(`${item.id}:`));
  return index(a) - index(b);
}
