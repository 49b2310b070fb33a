// Child process of row 6: the load generator. Opens N protocol clients on bare `ws` sockets (so
// the CPU measured is the server's, not N client state machines): first every handshake (hello,
// welcome), then each client starts a reply in its own conversation, the starts spread over one
// second. Then it records the latency of every chunk received in the measurement window: this
// process's clock minus the time stamped in the token by the server's model.
import WebSocket from 'ws';
import type { LoadReport } from './fanoutMessages.ts';
import { wallClockMs } from './stampedModel.ts';

const [url, clientsArgument, settleArgument, windowArgument, connectTimeoutArgument, tokensArgument, startTimeoutArgument] = process.argv.slice(2);
const clients = Number(clientsArgument);
const settleMs = Number(settleArgument);
const windowMs = Number(windowArgument);
const connectTimeoutMs = Number(connectTimeoutArgument);
const tokensPerSecond = Number(tokensArgument);
const startTimeoutMs = Number(startTimeoutArgument);
/** Handshakes in flight at once: a burst of thousands of SYNs overflows the listen backlog. */
const CONNECT_CONCURRENCY = 200;
/**
 * Replies start spread over this long: at 20 tokens/s, starts spread over 50 ms or more give the
 * streams every phase of the token interval, as users arriving one by one would.
 */
const START_SPREAD_MS = 1000;
/** Like the real client's heartbeat: the server closes a connection silent for 45 s. */
const PING_INTERVAL_MS = 15_000;
/** Every chunk frame starts so (the server encodes `type` first); the rest need JSON.parse. */
const CHUNK_PREFIX = '{"type":"chunk",';

const latencies = new Float64Array(Math.ceil(clients * tokensPerSecond * (windowMs / 1000) * 1.5) + 1024);
let recorded = 0;
let measuring = false;
let streaming = 0;
let dropped = 0;
/** Chunks whose seq was not the one after the previous chunk of the same client (never expected). */
let outOfOrder = 0;
const errors = new Set<string>();
/** Sends each connected client's `send`, which starts its reply. */
const starters: Array<() => void> = [];
/** Set once the replies start: how many there are, and what to call once all stream. */
let starting: { readonly count: number; readonly allStreaming: () => void } | null = null;

/** Resolves once the client has its `welcome` (or failed). */
function openClient(index: number): Promise<void> {
  return new Promise((resolve) => {
    // No compression (the server offers none) and no UTF-8 check of each frame: the load process
    // must stay cheaper than the server it measures.
    const socket = new WebSocket(url!, { perMessageDeflate: false, skipUTF8Validation: true });
    let settled = false;
    let lastSeq = 0;
    const done = (): void => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const id = index.toString().padStart(6, '0');
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'hello', v: 1, clientId: `load${id}`, token: `bench_fanout_client_${id}`, cursors: [] }));
      const heartbeat = setInterval(() => socket.send(JSON.stringify({ type: 'ping', t: Date.now() })), PING_INTERVAL_MS);
      socket.once('close', () => clearInterval(heartbeat));
    });
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith(CHUNK_PREFIX)) {
        // `…,"seq":12,"text":"1732531234567.123"}`: read both without parsing the whole frame.
        const textAt = text.lastIndexOf(',"text":"');
        const seq = Number(text.slice(text.lastIndexOf('"seq":', textAt) + 6, textAt));
        if (seq !== lastSeq + 1) outOfOrder += 1;
        lastSeq = seq;
        if (measuring && recorded < latencies.length) latencies[recorded++] = wallClockMs() - Number(text.slice(textAt + 9, -2));
        return;
      }
      const frame = JSON.parse(text) as { type: string; t?: number; code?: string };
      switch (frame.type) {
        case 'welcome':
          starters.push(() =>
            socket.send(JSON.stringify({ type: 'send', conversationId: `fanout${id}`, messageId: `ask${id}`, text: 'Stream until the benchmark ends.' })),
          );
          done();
          break;
        case 'message_start':
          streaming += 1;
          if (streaming === starting?.count) starting.allStreaming();
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong', t: frame.t }));
          break;
        case 'error':
          errors.add(frame.code ?? 'unknown');
          break;
      }
    });
    socket.on('error', (error) => {
      errors.add(error.message);
      done();
    });
    socket.on('close', () => {
      if (measuring) dropped += 1;
      done();
    });
  });
}

const started = performance.now();
let next = 0;
const deadline = started + connectTimeoutMs;
async function worker(): Promise<void> {
  while (next < clients && performance.now() < deadline) {
    const index = next++;
    await openClient(index);
  }
}
/** Resolves at `promise` or after `ms`, whichever comes first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

// A server that cannot take every client in time: measure the ones it took.
await within(Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, clients) }, worker)), connectTimeoutMs);
const connectMs = performance.now() - started;
const connected = starters.length;

const startsBegan = performance.now();
const streamingNow = new Promise<void>((resolve) => (starting = { count: connected, allStreaming: resolve }));
const perSlice = Math.ceil(connected / (START_SPREAD_MS / 10));
for (let from = 0; from < connected; from += perSlice) {
  for (const start of starters.slice(from, from + perSlice)) start();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await within(streamingNow, startTimeoutMs);
const startMs = performance.now() - startsBegan;
await new Promise((resolve) => setTimeout(resolve, settleMs));

const streamingAtWindow = streaming;
process.stdout.write(`${JSON.stringify({ event: 'window-open' })}\n`);
const cpuAtOpen = process.cpuUsage();
measuring = true;
const windowStarted = performance.now();
await new Promise((resolve) => setTimeout(resolve, windowMs));
measuring = false;
const actualWindowMs = performance.now() - windowStarted;
const cpu = process.cpuUsage(cpuAtOpen);

const sorted = latencies.subarray(0, recorded).sort();
const percentile = (p: number): number => (recorded === 0 ? NaN : sorted[Math.min(recorded - 1, Math.floor((p / 100) * recorded))]!);
const report: LoadReport = {
  requested: clients,
  connected,
  streaming: streamingAtWindow,
  connectMs,
  startMs,
  windowMs: actualWindowMs,
  chunks: recorded,
  p50Ms: percentile(50),
  p99Ms: percentile(99),
  maxMs: recorded === 0 ? NaN : sorted[recorded - 1]!,
  dropped,
  outOfOrder,
  cpuMs: (cpu.user + cpu.system) / 1000,
  errors: [...errors],
};
// The sockets stay open: the parent measures the server's memory now, then ends this process.
process.stdout.write(`${JSON.stringify(report)}\n`);
