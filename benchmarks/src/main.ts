import { join } from 'node:path';
import { bundleSizeRow } from './bundle/bundleSizeRow.ts';
import { fanoutRow } from './fanout/fanoutRow.ts';
import { BenchmarkCheckFailed } from './harness/fail.ts';
import type { BenchSettings } from './harness/BenchSettings.ts';
import { chunkIngestRow } from './ingest/chunkIngestRow.ts';
import { persistenceRow } from './persistence/persistenceRow.ts';
import { renderCountsRow } from './render/renderCountsRow.ts';
import { replayRow } from './replay/replayRow.ts';
import { machineInfo } from './report/machineInfo.ts';
import { renderConsole, renderMarkdown } from './report/renderReport.ts';
import type { RowReport } from './report/RowReport.ts';
import { writeBenchmarksDoc } from './report/writeBenchmarksDoc.ts';

const ROWS: readonly { readonly id: number; readonly run: (settings: BenchSettings) => Promise<RowReport> }[] = [
  { id: 1, run: chunkIngestRow },
  { id: 2, run: replayRow },
  { id: 3, run: persistenceRow },
  { id: 4, run: renderCountsRow },
  { id: 5, run: bundleSizeRow },
  { id: 6, run: fanoutRow },
];

interface Arguments {
  readonly smoke: boolean;
  readonly only: ReadonlySet<number> | null;
  readonly fanoutLevels: readonly number[] | null;
  readonly fanoutWorkers: number | null;
}

function parseArguments(argv: readonly string[]): Arguments {
  let smoke = false;
  let only: Set<number> | null = null;
  let fanoutLevels: number[] | null = null;
  let fanoutWorkers: number | null = null;
  const numbers = (text: string): number[] => text.split(',').map(Number);
  for (const argument of argv) {
    if (argument === '--smoke') smoke = true;
    else if (argument.startsWith('--only=')) only = new Set(numbers(argument.slice('--only='.length)));
    else if (argument.startsWith('--fanout-levels=')) fanoutLevels = numbers(argument.slice('--fanout-levels='.length));
    else if (argument.startsWith('--workers=')) fanoutWorkers = Number(argument.slice('--workers='.length));
    else throw new BenchmarkCheckFailed(`unknown argument ${argument}; use --smoke, --only=1,2,..., --fanout-levels=1000,5000 and --workers=2`);
  }
  if (fanoutWorkers !== null && !(Number.isInteger(fanoutWorkers) && fanoutWorkers >= 1)) {
    throw new BenchmarkCheckFailed(`--workers must be an integer >= 1, got ${fanoutWorkers}`);
  }
  return { smoke, only, fanoutLevels, fanoutWorkers };
}

async function main(): Promise<void> {
  const { smoke, only, fanoutLevels, fanoutWorkers } = parseArguments(process.argv.slice(2));
  const root = process.env['REJOIN_BENCH_ROOT'];
  const outdir = process.env['REJOIN_BENCH_OUT'];
  if (root === undefined || outdir === undefined) {
    throw new BenchmarkCheckFailed('run the benchmarks through `npm run bench` (bin/run.mjs bundles and starts them)');
  }
  const settings: BenchSettings = { smoke, rounds: smoke ? 1 : 7, warmupIterations: smoke ? 0 : 1, root, outdir, fanoutLevels, fanoutWorkers: fanoutWorkers ?? 1 };
  const machine = machineInfo();
  console.log(
    `Rejoin benchmarks${smoke ? ' (smoke pass: 1 iteration, tiny sizes, docs untouched)' : ''}\n` +
      `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.nodeVersion}, load ${machine.loadAverage}`,
  );
  const reports: RowReport[] = [];
  for (const row of ROWS) {
    if (only !== null && !only.has(row.id)) continue;
    const started = performance.now();
    const report = await row.run(settings);
    reports.push(report);
    console.log(renderConsole(report));
    console.log(`(row ${row.id} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (smoke || only !== null || fanoutLevels !== null || fanoutWorkers !== null) {
    console.log('\ndocs/benchmarks.md left untouched (smoke pass or partial run).');
    return;
  }
  const docPath = join(root, '..', 'docs', 'benchmarks.md');
  writeBenchmarksDoc(docPath, renderMarkdown(machine, reports));
  console.log(`\nWrote ${docPath}`);
}

main().then(
  // Child processes or sockets a row forgot must not keep a finished run alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
