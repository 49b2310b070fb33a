import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BenchmarkCheckFailed } from '../harness/fail.ts';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { formatBytes, formatInteger, formatMs, formatRatio } from '../report/format.ts';
import type { RowReport } from '../report/RowReport.ts';
import type { LoadReport, ParentMessage, ServerProcessMessage } from './fanoutMessages.ts';

const TOKENS_PER_SECOND = 20;

/** Starts `node` with the open-files limit raised to the hard limit (10k sockets need 10k descriptors). */
function spawnNode(args: readonly string[], stdio: 'ipc' | 'pipe'): ChildProcess {
  return spawn(
    'bash',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...args],
    { stdio: stdio === 'ipc' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'] },
  );
}

function nextMessage<T extends ServerProcessMessage['type']>(child: ChildProcess, type: T, timeoutMs: number) {
  return new Promise<Extract<ServerProcessMessage, { type: T }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchmarkCheckFailed(`the fan-out server sent no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ServerProcessMessage): void => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Extract<ServerProcessMessage, { type: T }>);
    };
    child.on('message', onMessage);
  });
}

async function serverMemory(server: ChildProcess): Promise<Extract<ServerProcessMessage, { type: 'memory' }>> {
  const reply = nextMessage(server, 'memory', 10_000);
  server.send({ type: 'measure-memory' } satisfies ParentMessage);
  return reply;
}

interface LevelResult {
  readonly load: LoadReport;
  readonly baseline: { readonly rss: number; readonly heapUsed: number };
  /** Null when a saturated server did not answer in time. */
  readonly during: { readonly rss: number; readonly heapUsed: number; readonly connections: number } | null;
}

/** One level: a fresh server process, a load process holding `clients` streams, bounded in time. */
async function runLevel(settings: BenchSettings, clients: number, timing: { settleMs: number; windowMs: number; connectTimeoutMs: number }): Promise<LevelResult> {
  const server = spawnNode(['--expose-gc', join(settings.outdir, 'fanoutServer.mjs'), String(TOKENS_PER_SECOND)], 'ipc');
  let load: ChildProcess | null = null;
  try {
    const { url } = await nextMessage(server, 'listening', 15_000);
    const baseline = await serverMemory(server);
    const levelStarted = performance.now();
    load = spawnNode(
      [join(settings.outdir, 'fanoutLoad.mjs'), url, String(clients), String(timing.settleMs), String(timing.windowMs), String(timing.connectTimeoutMs), String(TOKENS_PER_SECOND)],
      'pipe',
    );
    const loadProcess = load;
    const limitMs = timing.connectTimeoutMs + timing.settleMs + timing.windowMs + 30_000;
    const report = await new Promise<LoadReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BenchmarkCheckFailed(`the ${clients}-client level ran over ${limitMs} ms`)), limitMs);
      createInterface({ input: loadProcess.stdout! }).on('line', (line) => {
        if (line.includes('"window-open"')) {
          console.log(`fan-out: ${clients.toLocaleString('en-US')} clients requested, window opened after ${formatMs(performance.now() - levelStarted)}`);
        } else if (line.startsWith('{"requested"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as LoadReport);
        }
      });
      loadProcess.on('exit', (code) => {
        clearTimeout(timer);
        reject(new BenchmarkCheckFailed(`the fan-out load process exited early with ${code}`));
      });
    });
    // After the window, with every client still connected: a forced GC here cannot disturb the latencies.
    const during = await serverMemory(server).catch((error: unknown) => {
      console.log(`fan-out: no memory reading from the server (${String(error)})`);
      return null;
    });
    return { load: report, baseline, during };
  } finally {
    load?.kill('SIGKILL');
    server.kill('SIGKILL');
  }
}

/** Row 6: streaming clients one reference server process holds at 20 tokens/s each. */
export async function fanoutRow(settings: BenchSettings): Promise<RowReport> {
  const levels = settings.fanoutLevels ?? (settings.smoke ? [20] : [1_000, 5_000, 10_000]);
  const timing = settings.smoke
    ? { settleMs: 500, windowMs: 2_000, connectTimeoutMs: 10_000 }
    : { settleMs: 2_000, windowMs: 8_000, connectTimeoutMs: 40_000 };
  const results: LevelResult[] = [];
  const skipped: number[] = [];
  for (const clients of levels) {
    const previous = results[results.length - 1];
    // A server that could not take the previous level will not take a bigger one: say so instead
    // of spending another bounded window on it.
    if (previous !== undefined && previous.load.streaming < previous.load.requested * 0.9) {
      skipped.push(clients);
      continue;
    }
    console.log(`fan-out: ${clients.toLocaleString('en-US')} clients...`);
    results.push(await runLevel(settings, clients, timing));
  }

  const rows = results.map(({ load, baseline, during }) => {
    const expected = load.streaming * TOKENS_PER_SECOND * (load.windowMs / 1000);
    const perConnection = during === null ? null : (during.rss - baseline.rss) / Math.max(1, during.connections);
    const heapPerConnection = during === null ? null : (during.heapUsed - baseline.heapUsed) / Math.max(1, during.connections);
    return [
      formatInteger(load.requested),
      `${formatInteger(load.streaming)}${load.dropped > 0 ? ` (${load.dropped} dropped)` : ''}${load.streaming < load.requested ? ` (${Math.round((100 * load.streaming) / load.requested)}%)` : ''}`,
      formatMs(load.connectMs),
      formatInteger(load.chunks / (load.windowMs / 1000)),
      formatRatio(load.chunks / Math.max(1, expected)),
      formatMs(load.p50Ms),
      formatMs(load.p99Ms),
      formatMs(load.maxMs),
      perConnection === null ? 'n/a' : formatBytes(perConnection),
      heapPerConnection === null ? 'n/a' : formatBytes(heapPerConnection),
      load.errors.length === 0 ? '–' : load.errors.join(', '),
    ];
  });
  return {
    id: 6,
    title: 'Server fan-out',
    runs: `one ${timing.windowMs / 1000} s measurement window per level, after ${timing.settleMs / 1000} s of settling; a fresh server process per level`,
    method: [
      `The reference server runs in its own Node process on 127.0.0.1 (open-files limit raised to the hard limit), with a model that streams ${TOKENS_PER_SECOND} tokens/s per reply, forever, each token being the wall-clock time the model produced it. A separate load process opens the clients on bare \`ws\` sockets (hello, then one \`send\` each, so every client follows its own streaming reply; a \`ping\` every 15 s like the real client's heartbeat), at most 200 handshakes at a time. Once all are streaming and after settling, every chunk received in the window is timed: load-process clock minus the stamp (both \`performance.timeOrigin + performance.now()\` on one machine). That latency covers the server's whole path (model, stream store, subscription, socket writer, loopback) and the load process's own delay in reading, as both share the machine's cores.`,
      '',
      'Memory per connection: the server\'s RSS (and V8 heap) right after the window, every client still connected, minus its idle baseline, both after a forced GC, divided by open connections. It includes each reply\'s chunks retained for replay, which grow for as long as the reply streams.',
    ],
    tables: [
      {
        headers: ['clients', 'streaming in the window', 'connect time', 'chunks/s delivered', 'of the 20/s schedule', 'p50 latency', 'p99 latency', 'max', 'RSS per connection', 'heap per connection', 'errors'],
        rows: [
          ...rows,
          ...skipped.map((clients) => [formatInteger(clients), 'not attempted: the previous level saturated the server', '–', '–', '–', '–', '–', '–', '–', '–', '–']),
        ],
      },
    ],
    goals: [],
    summary: results
      .map(({ load }) => `${formatInteger(load.streaming)} of ${formatInteger(load.requested)} streaming, p50 ${formatMs(load.p50Ms)}, p99 ${formatMs(load.p99Ms)}`)
      .concat(skipped.map((clients) => `${formatInteger(clients)} not attempted`))
      .join('; '),
    closingNotes: reachNote(results, skipped, timing.connectTimeoutMs),
  };
}

/** The issue sets no numeric goal for fan-out; say plainly when a level was out of reach. */
function reachNote(results: readonly LevelResult[], skipped: readonly number[], connectTimeoutMs: number): string[] {
  const short = results.filter((result) => result.load.streaming < result.load.requested);
  if (short.length === 0 && skipped.length === 0) return [];
  const held = Math.max(...results.map((result) => result.load.streaming));
  return [
    `Fan-out: on this machine one server process held at most ${formatInteger(held)} streaming clients at 20 tokens/s` +
      ` (${formatInteger(held * TOKENS_PER_SECOND)} chunk frames/s) within the ${connectTimeoutMs / 1000} s connect window` +
      (skipped.length > 0 ? `; ${skipped.map(formatInteger).join(' and ')} clients were not attempted` : '') +
      '. Profiling the server process under this load (`node --cpu-prof`) shows its one thread saturated, about half of it in the socket writes: one `writev` system call per frame per socket, one token per frame. It is bound by frames per second, not by connections; new handshakes starve while it streams. ' +
      'What would raise it: appending the tokens a reply produces within a few milliseconds as one chunk (a `seq` numbers chunks, not tokens, so the protocol already allows it; fewer, larger frames), writing the frames due on one socket in one `writev`, and one server process per core behind shared stores.',
  ];
}
