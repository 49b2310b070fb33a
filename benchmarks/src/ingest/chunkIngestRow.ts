import { check } from '../harness/fail.ts';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { runInterleavedRounds, type Contender } from '../harness/interleavedRounds.ts';
import { formatInteger, formatMs, formatRate, formatRatio } from '../report/format.ts';
import type { GoalCheck, RowReport } from '../report/RowReport.ts';
import {
  aiSdkReadUIMessageStream,
  bareStringAppend,
  createClientIngest,
  createFoldOnlyIngest,
  createMachineOnlyIngest,
  immutableUpdates,
  parseOnly,
  type BatchingScenario,
  type IngestOutcome,
} from './ingestContenders.ts';
import { createStreamFixture } from './streamFixture.ts';
import { aiSdkMixedParts, createMixedPartsFixture } from './mixedPartsFixture.ts';

const SOCKET_READ_BYTES = 64 * 1024;
/** A 1,000 tokens/s stream coalesced over the default 16 ms window. */
const CHUNKS_PER_EVENT = 16;

const names = {
  window: 'rejoin, 16 ms window',
  windowNoPersist: 'rejoin, 16 ms window, no persistence',
  burst: 'rejoin, burst',
  worst: 'rejoin, worst case',
  parse: 'parseServerFrame only',
  machineOnly: 'machine events alone',
  foldOnly: 'the fold alone',
  immutable: '(a) immutable update per delta',
  append: '(a′) bare string append',
  aiSdk: '(b) AI SDK 6 readUIMessageStream',
  mixedClient: 'rejoin, mixed parts, 16 ms window',
  mixedAiSdk: '(b) AI SDK 6, mixed parts',
};

interface Scenario extends BatchingScenario {
  readonly label: string;
  readonly why: string;
}

/** Row 1: chunks per second through the whole client, against the baselines, in one run. */
export async function chunkIngestRow(settings: BenchSettings): Promise<RowReport> {
  const chunkCount = settings.smoke ? 2_000 : 100_000;
  const fixture = createStreamFixture(chunkCount);
  const framesPerRead = Math.max(1, Math.floor(SOCKET_READ_BYTES / fixture.averageFrameLength));

  const window: Omit<Scenario, 'name' | 'label' | 'persist'> = {
    framesPerTask: 1,
    msPerTask: 1,
    frameBatchMs: 16,
    why:
      'a 1,000 tokens/s stream (the fastest hosted models; a replay is faster still), each frame in its own task, ' +
      'coalesced over a 16 ms window: 16 chunks per delivered batch, one notification per window. Latency bound: 16 ms, one display frame.',
  };
  const scenarios: readonly Scenario[] = [
    { ...window, name: names.window, label: 'Rejoin client, default `frameBatchMs: 16` (one notification per animation frame)' },
    {
      ...window,
      name: names.windowNoPersist,
      label: 'Rejoin client, `frameBatchMs: 16`, `storage: null`',
      persist: false,
      why: 'the same without persistence (`storage: null`), to separate what persisting costs.',
    },
    {
      name: names.burst,
      label: `Rejoin client, \`frameBatchMs: 0\`, ${framesPerRead} frames per task`,
      framesPerTask: framesPerRead,
      msPerTask: 1,
      frameBatchMs: 0,
      why:
        `a replay burst: one 64 KiB socket read holds ${framesPerRead} frames of ${fixture.averageFrameLength.toFixed(0)} characters, ` +
        'delivered in one task (Node `ws` emits them synchronously) and flushed at the next macrotask. Latency bound: one macrotask.',
    },
    {
      name: names.worst,
      label: 'Rejoin client, `frameBatchMs: 0`, 1 frame per task (worst case)',
      framesPerTask: 1,
      msPerTask: 1,
      frameBatchMs: 0,
      why:
        'every frame in its own task and the flush in between: one delivered batch (and notification) per chunk, the worst case ' +
        '(a browser may run the 0 ms timer between two WebSocket message tasks).',
    },
  ];

  const verifyText = (name: string) => (result: IngestOutcome): void => {
    check(result.text === fixture.text, `${name} ended with ${result.text.length} characters, expected the ${fixture.text.length} of the reply`);
  };
  const clientRuns = scenarios.map((scenario) => ({ scenario, ingest: createClientIngest(fixture, scenario) }));
  // The same kind of reply made of parts (a source, a tool call, a data part after every 16 text
  // tokens): part chunks take the machine's table path, text chunks the fast path.
  // Smaller than the text fixture: the AI SDK's fold of a message with many parts grows with the
  // parts held (about 1.3k chunks/s at 2.5k chunks), and a full-size run would take minutes a round.
  const mixed = createMixedPartsFixture(settings.smoke ? 2_000 : 4_000);
  const mixedClient = createClientIngest(mixed, scenarios[0]!);
  const verifyMixed = (name: string) => (result: IngestOutcome): void => {
    check(result.text === mixed.text, `${name} ended with ${result.text.length} characters, expected the ${mixed.text.length} of the text parts`);
  };
  const machineOnly = createMachineOnlyIngest(fixture, CHUNKS_PER_EVENT);
  const foldOnly = createFoldOnlyIngest(fixture, CHUNKS_PER_EVENT);
  const lastOutcome = new Map<string, IngestOutcome>();
  const contenders: Contender<unknown>[] = [
    ...clientRuns.map(({ scenario, ingest }): Contender<IngestOutcome> => ({
      name: scenario.name,
      prepare: () => ingest.prepare(),
      run: () => ingest.run(),
      verify: (result) => {
        verifyText(scenario.name)(result);
        lastOutcome.set(scenario.name, result);
      },
    })),
    {
      name: names.machineOnly,
      prepare: () => machineOnly.prepare(),
      run: () => machineOnly.run(),
      verify: (result: IngestOutcome) => {
        verifyText(names.machineOnly)(result);
        lastOutcome.set(names.machineOnly, result);
      },
    },
    {
      name: names.foldOnly,
      prepare: () => foldOnly.prepare(),
      run: () => foldOnly.run(),
      verify: verifyText(names.foldOnly),
    },
    {
      name: names.parse,
      run: () => parseOnly(fixture),
      verify: (parsed: number) => check(parsed === chunkCount, `parseServerFrame accepted ${parsed} of ${chunkCount} frames`),
    },
    { name: names.immutable, run: () => immutableUpdates(fixture), verify: verifyText(names.immutable) },
    { name: names.append, run: () => bareStringAppend(fixture), verify: verifyText(names.append) },
    { name: names.aiSdk, async: true, run: () => aiSdkReadUIMessageStream(fixture), verify: verifyText(names.aiSdk) },
    {
      name: names.mixedClient,
      prepare: () => mixedClient.prepare(),
      run: () => mixedClient.run(),
      verify: (result: IngestOutcome) => {
        verifyMixed(names.mixedClient)(result);
        lastOutcome.set(names.mixedClient, result);
      },
    },
    {
      name: names.mixedAiSdk,
      async: true,
      run: () => aiSdkMixedParts(mixed),
      verify: (result: IngestOutcome & { parts: number }) => {
        verifyMixed(names.mixedAiSdk)(result);
        check(result.parts === mixed.partCount, `the AI SDK ended with ${result.parts} parts, expected ${mixed.partCount}`);
      },
    },
  ] as Contender<unknown>[];

  const result = await runInterleavedRounds(contenders, { rounds: settings.rounds, warmupIterations: settings.warmupIterations });
  for (const { ingest } of clientRuns) ingest.dispose();
  mixedClient.dispose();
  machineOnly.dispose();
  foldOnly.dispose();

  const medianMs = (name: string): number => result.timings.get(name)!.medianMs;
  const rate = (name: string): number => chunkCount / (medianMs(name) / 1000);
  const spread = (name: string): string => {
    const timing = result.timings.get(name)!;
    return `${formatMs(timing.minMs)}–${formatMs(timing.maxMs)}`;
  };
  const compared = (name: string, label: string, events: string, writes: string): string[] => [
    label,
    formatRate(rate(name)),
    formatMs(medianMs(name)),
    spread(name),
    events,
    writes,
    formatRatio(result.speedup(name, names.aiSdk)),
    formatRatio(1 / result.speedup(name, names.immutable)),
    formatRatio(1 / result.speedup(name, names.append)),
  ];
  const rows = [
    ...scenarios.map((scenario) => {
      const outcome = lastOutcome.get(scenario.name);
      return compared(scenario.name, scenario.label, formatInteger(outcome?.machineEvents ?? 0), formatInteger(outcome?.storageWrites ?? 0));
    }),
    compared(names.machineOnly, 'Diagnostic: the machine alone, pre-parsed chunks sent as 16-chunk `SERVER.CHUNKS` events, `storage: null`', formatInteger(lastOutcome.get(names.machineOnly)?.machineEvents ?? 0), '–'),
    compared(names.foldOnly, 'Diagnostic: the fold alone, `applyChunkFrames` (the pure function the machine calls) on the same 16-chunk batches, no statechart', '–', '–'),
    compared(names.parse, '`parseServerFrame` alone (validation floor)', '–', '–'),
    ...[names.immutable, names.append, names.aiSdk].map((name) => compared(name, name, '–', '–')),
    // Mixed parts: compared with the AI SDK on the same parts (not with the text-only baselines).
    [
      `Rejoin client, mixed parts (${formatInteger(mixed.frames.length)} chunks, a fifth of them part events), \`frameBatchMs: 16\``,
      formatRate(mixed.frames.length / (medianMs(names.mixedClient) / 1000)),
      formatMs(medianMs(names.mixedClient)),
      spread(names.mixedClient),
      formatInteger(lastOutcome.get(names.mixedClient)?.machineEvents ?? 0),
      formatInteger(lastOutcome.get(names.mixedClient)?.storageWrites ?? 0),
      `${formatRatio(result.speedup(names.mixedClient, names.mixedAiSdk))} vs (b) on the same parts`,
      '–',
      '–',
    ],
    [
      names.mixedAiSdk,
      formatRate(mixed.frames.length / (medianMs(names.mixedAiSdk) / 1000)),
      formatMs(medianMs(names.mixedAiSdk)),
      spread(names.mixedAiSdk),
      '–',
      '–',
      '–',
      '–',
      '–',
    ],
  ];

  // Where the 16 ms window's time goes, from differences between contenders of this run.
  const perChunkUs = (ms: number): string => `${((ms * 1000) / chunkCount).toFixed(2)} µs`;
  const parseMs = medianMs(names.parse);
  const persistMs = Math.max(0, medianMs(names.window) - medianMs(names.windowNoPersist));
  const machineMs = Math.max(0, medianMs(names.windowNoPersist) - parseMs);
  const totalMs = medianMs(names.window);
  const share = (ms: number): string => `${((100 * ms) / totalMs).toFixed(0)}%`;
  const events = Math.ceil(chunkCount / CHUNKS_PER_EVENT);
  const perEventUs = (ms: number): string => `${((ms * 1000) / events).toFixed(1)} µs`;
  const foldMs = medianMs(names.foldOnly);
  const statechartMs = Math.max(0, medianMs(names.machineOnly) - foldMs);
  const breakdown = [
    ['frame validation (`parseServerFrame`: JSON.parse + field checks)', perChunkUs(parseMs), share(parseMs)],
    ['batching, fast path, commits to the machine, one subscriber (client without storage − validation)', perChunkUs(machineMs), share(machineMs)],
    ['throttled persistence (client − client without storage)', perChunkUs(persistMs), share(persistMs)],
    [
      'for scale, what 16-chunk machine events would cost without the fast path (diagnostic row: the machine alone)',
      perChunkUs(medianMs(names.machineOnly)),
      share(medianMs(names.machineOnly)),
    ],
    ['for scale, of those machine events: the fold (`applyChunkFrames`, pure: seq checks, merge, context copy)', perChunkUs(foldMs), share(foldMs)],
    [`for scale, of those machine events: the statechart around the fold (machine alone − fold alone): ${perEventUs(statechartMs)} per event`, perChunkUs(statechartMs), share(statechartMs)],
    ['whole client, 16 ms window', perChunkUs(totalMs), '100%'],
    ['(a) immutable update, for scale', perChunkUs(medianMs(names.immutable)), share(medianMs(names.immutable))],
  ];
  const immutableUs = perChunkUs(medianMs(names.immutable));

  const vsAiSdk = result.speedup(names.window, names.aiSdk);
  const vsImmutable = 1 / result.speedup(names.window, names.immutable);
  const vsParse = medianMs(names.window) / parseMs;
  const worstVsAiSdk = result.speedup(names.worst, names.aiSdk);
  const worstVsImmutable = 1 / result.speedup(names.worst, names.immutable);
  const goals: GoalCheck[] = [
    {
      goal: 'at least 10× faster than the AI SDK (b), default settings',
      met: vsAiSdk >= 10,
      detail: `${formatRatio(vsAiSdk)} faster with a 16 ms window and persistence; ${formatRatio(result.speedup(names.burst, names.aiSdk))} on a replay burst; ${formatRatio(worstVsAiSdk)} at one batch per chunk`,
    },
    {
      goal: 'within 1.5× of `parseServerFrame` alone (the validation floor), default settings',
      met: vsParse <= 1.5,
      detail: `${formatRatio(vsParse)} the time of validation alone with a 16 ms window and persistence; ${formatRatio(medianMs(names.windowNoPersist) / parseMs)} without persistence`,
    },
    {
      goal: 'within 3× of the immutable baseline (a), default settings',
      met: vsImmutable <= 3,
      detail: `${formatRatio(vsImmutable)} the time of (a) with a 16 ms window and persistence; ${formatRatio(1 / result.speedup(names.burst, names.immutable))} on a replay burst; ${formatRatio(worstVsImmutable)} at one batch per chunk`,
    },
  ];
  const parseVsImmutable = parseMs / medianMs(names.immutable);
  const gapNote = (what: string): string =>
    `${what} Per chunk with a 16 ms window: ${breakdown[0]![1]} of validation, ${breakdown[1]![1]} of batching, fast path and commits, ${breakdown[2]![1]} of persistence, against ${immutableUs} for (a). ` +
    `Validation alone (JSON.parse is most of it) takes ${formatRatio(parseVsImmutable)} the time of (a). ` +
    'In-order chunks of the followed reply no longer reach the statechart one window at a time: they fold into a text buffer beside the actor (a seq check and a string append), overlaid on the snapshot, and reach the machine as one `SERVER.CHUNKS` event every 500 ms or before any frame that needs it. ' +
    'What remains beyond validation is per-window work (one overlaid snapshot, one notification, one persisted record handed to the throttle) and the commits, and persistence: each throttled write reads the whole partial text, a rope built by appends, so V8 flattens it (a copy of the reply so far, ' + (fixture.text.length / 1000).toFixed(0) + ' kB at the end here) before it can escape the new part; ' +
    'storing the partial text as append-only segments (a write adds the text since the last one under its own key) would make a write cost what was appended, not the reply so far (a version 2 record).';
  const misses = [
    goals[0]!.met ? null : `${formatRatio(vsAiSdk)} the AI SDK's rate, short of 10× by a factor of ${(10 / vsAiSdk).toFixed(2)}`,
    goals[1]!.met ? null : `${formatRatio(vsParse)} the time of validation alone, over the 1.5× goal by a factor of ${(vsParse / 1.5).toFixed(2)}`,
    goals[2]!.met ? null : `${formatRatio(vsImmutable)} the time of a bare immutable update, over the 3× goal by a factor of ${(vsImmutable / 3).toFixed(2)}`,
  ].filter((miss): miss is string => miss !== null);
  const closingNotes = misses.length === 0 ? [] : [gapNote(`With a 16 ms window and persistence, chunk ingest runs at ${misses.join(', and at ')}.`)];

  return {
    id: 1,
    title: 'Chunk ingest',
    runs: `${chunkCount.toLocaleString('en-US')} chunks per run; median of ${result.rounds} interleaved rounds after ${result.warmupIterations} warm-up call(s) per contender`,
    method: [
      `The same reply of ${chunkCount.toLocaleString('en-US')} tokens (${fixture.text.length.toLocaleString('en-US')} characters, realistic token sizes) goes through each contender; every run ends with a check that the text equals the concatenation of the tokens.`,
      '',
      '- The Rejoin rows run the whole client: raw frame text in through the fake transport, `parseServerFrame` validation, the frame batcher, the chunk fast path (an in-order chunk of the followed reply is a seq check and an append to a text buffer beside the machine, overlaid on the client\'s snapshot; one notification per delivered batch), a commit of the buffer to the machine (one `SERVER.CHUNKS` event folded by `applyChunks`) every 500 ms, throttled persistence (500 ms) of the overlaid snapshot to a memory storage, and one subscriber, on a `FakeClock` that advances as the stream would in real time. Persistence writes the growing partial text twice a second, so with a reply this long each write serializes hundreds of kB (a 2,000-token reply: about 9 kB). Batching modelled:',
      ...scenarios.map((scenario) => `  - *${scenario.label}*: ${scenario.why}`),
      '- *Diagnostic: the machine alone* sends the same chunks, parsed beforehand, straight to the client\'s actor, 16 per `SERVER.CHUNKS` event (no transport, validation, batcher, fast path or storage): what a machine event per window costs (statechart step, merge, snapshot, one subscriber), the cost the fast path avoids. Not a way to use the client.',
      '- (a) builds a new message object and a new messages array per delta, as a React state update would, with no parsing or validation.',
      '- (a′) appends each delta to one string: the physical limit.',
      "- (b) is `readUIMessageStream` from `ai@6.0.325` fed a UI message stream of the same text deltas, one chunk per `pull()` (pre-enqueuing all chunks makes Node's web-stream queue quadratic). Its chunks are objects already, so it skips the JSON parsing the Rejoin rows pay for: this favours (b).",
      '',
      'Columns: *snapshots* is how many times the subscriber was notified (once per delivered batch that changed what it sees); "slower than" is time divided by the baseline\'s time.',
    ],
    tables: [
      {
        headers: ['contender', 'chunks/s', 'time per run (median)', 'min–max', 'snapshots', 'storage writes', 'vs (b) AI SDK', 'slower than (a)', 'slower than (a′)'],
        rows,
      },
      {
        caption: 'Where the time goes with a 16 ms window (differences between contenders of this run)',
        headers: ['part', 'per chunk', 'share'],
        rows: breakdown,
      },
    ],
    goals,
    closingNotes,
  };
}
