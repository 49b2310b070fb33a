import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from './support/faultProxy.ts';
import { runChaosSession, type SessionReport } from './support/chaosSession.ts';

/**
 * `CHAOS_SESSIONS` sessions (50 in the normal run, 200 with `npm run test:chaos`), five at a time.
 * Seeds differ on every run (the base is printed); `CHAOS_SEED=<n>` replays one session, and
 * `CHAOS_SEED_BASE=<n>` replays a whole run.
 */
const replaySeed = process.env['CHAOS_SEED'];
const sessionCount = replaySeed === undefined ? Number(process.env['CHAOS_SESSIONS'] ?? 50) : 1;
const base = Number(process.env['CHAOS_SEED_BASE'] ?? Math.floor(Math.random() * 2 ** 31));
const seeds =
  replaySeed === undefined
    ? Array.from({ length: sessionCount }, (_, index) => (base + index * 7919) >>> 0)
    : [Number(replaySeed) >>> 0];
const reports: SessionReport[] = [];
const startedAt = Date.now();

describe.concurrent(`chaos: ${seeds.length} randomized sessions (seed base ${base})`, () => {
  afterAll(() => {
    if (reports.length === 0) return;
    const sum = (pick: (report: SessionReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
    const faults = Object.fromEntries(
      [...FAULT_KINDS, 'duplicatedChunks', 'reorderedChunks'].map((kind) => [
        kind,
        sum((report) => report.faults[kind as keyof SessionReport['faults']]),
      ]),
    );
    const injected = Object.values(faults).reduce((total, count) => total + count, 0);
    console.log(
      `[chaos] ${reports.length}/${seeds.length} sessions passed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s ` +
        `(seed base ${base}): ${sum((r) => r.typed)} messages typed, ${sum((r) => r.refreshes)} refreshes, ` +
        `${sum((r) => r.switches)} switches, ${sum((r) => r.stops)} stops, ${sum((r) => r.approvals)} tool approvals (each sent twice); ` +
        `${injected} faults injected ${JSON.stringify(faults)}; ` +
        `data lost: ${sum((r) => r.lostMessages)} messages lost, ${sum((r) => r.doubledMessages)} doubled, ` +
        `${sum((r) => r.divergentMessages)} shown differently from the server; ` +
        `parts: ${sum((r) => r.lostParts)} lost, ${sum((r) => r.doubledParts)} doubled`,
    );
  });

  for (const [index, seed] of seeds.entries()) {
    it(`session ${index + 1} (seed ${seed}) converges with the server, losing and doubling nothing`, async ({ expect }) => {
      const report = await runChaosSession(seed);
      reports.push(report);
      expect(report.lostMessages + report.doubledMessages + report.divergentMessages + report.lostParts + report.doubledParts).toBe(0);
    }, 60_000);
  }
});

it('chaos sessions use distinct seeds', () => {
  expect(new Set(seeds).size).toBe(seeds.length);
});
