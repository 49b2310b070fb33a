import { ALL_CASES } from '../cases/allCases.ts';
import { buildReport, type CaseResult, type ConformanceReport } from '../report/ConformanceReport.ts';
import { CaseContext } from './CaseContext.ts';
import { CaseFailure } from './CaseFailure.ts';
import { CaseSkip } from './CaseSkip.ts';
import type { ConformanceCase } from './ConformanceCase.ts';
import { resolveOptions, type ConformanceOptions, type ResolvedOptions } from './ConformanceOptions.ts';

export interface RunOptions {
  /** Called with each result as soon as its case ends (the CLI prints a line). */
  readonly onResult?: (result: CaseResult) => void;
  /** The cases to run. @default every case */
  readonly cases?: readonly ConformanceCase[];
}

/**
 * Runs the cases against the server at `options.url`, `options.concurrency` at a time, the
 * shutdown case last and alone. Results come back in the cases' order whatever order they end in.
 */
export async function runConformance(options: ConformanceOptions, run: RunOptions = {}): Promise<ConformanceReport> {
  const resolved = resolveOptions(options);
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new Error(`[rejoin] concurrency must be a positive integer, got ${resolved.concurrency}.`);
  }
  const startedAt = Date.now();
  const selected = (run.cases ?? ALL_CASES).filter(
    (item) => resolved.only === undefined || resolved.only.some((prefix) => item.id.startsWith(prefix)),
  );
  const together = selected.filter((item) => item.last !== true);
  const last = selected.filter((item) => item.last === true);
  const runOne = async (item: ConformanceCase): Promise<CaseResult> => {
    const result = await runCase(item, resolved);
    run.onResult?.(result);
    return result;
  };
  const results = await mapWithConcurrency(together, resolved.concurrency, runOne);
  for (const item of last) results.push(await runOne(item));
  return buildReport(resolved.url, startedAt, results);
}

/** `map` with at most `limit` calls in flight; the results keep the items' order. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function runCase(item: ConformanceCase, options: ResolvedOptions): Promise<CaseResult> {
  const base = { id: item.id, section: item.section, title: item.title };
  const notApplicable = options.notApplicable?.[item.id];
  if (notApplicable !== undefined) return { ...base, status: 'skip', reason: notApplicable, durationMs: 0 };
  const skipReason = item.skipUnless?.(options) ?? null;
  if (skipReason !== null) return { ...base, status: 'skip', reason: skipReason, durationMs: 0 };

  const started = Date.now();
  const context = new CaseContext(item.id, options);
  try {
    await item.run(context);
    // Whatever the case checked, every frame the server sent must have been a valid one.
    const invalid = context.clients.flatMap((client) => client.invalidFrames);
    if (invalid.length > 0) throw new CaseFailure('19', `the server sent a frame the validators refuse: ${invalid[0]}`);
    return { ...base, status: 'pass', durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof CaseSkip) return { ...base, status: 'skip', reason: error.message, durationMs: Date.now() - started };
    const reason = error instanceof CaseFailure ? error.message : `the case could not run: ${(error as Error).stack ?? String(error)}`;
    return { ...base, status: 'fail', reason, durationMs: Date.now() - started };
  } finally {
    context.closeAll();
  }
}
