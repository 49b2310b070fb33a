// Child process of row 6: the load generator. Opens N protocol clients on bare `ws` sockets (so
// the CPU measured is the server's, not N client state machines), each starting a reply in its
// own conversation, then records the latency of every chunk received in the measurement window:
// this process's clock minus the time stamped in the token by the server's model.
import WebSocket from 'ws';
import type { LoadReport } from './fanoutMessages.ts';
import { wallClockMs } from './stampedModel.ts';

const [url, clientsArgument, settleArgument, windowArgument, connectTimeoutArgument, tokensArgument] = process.argv.slice(2);
const clients = Number(clientsArgument);
const settleMs = Number(settleArgument);
const windowMs = Number(windowArgument);
const connectTimeoutMs = Number(connectTimeoutArgument);
const tokensPerSecond = Number(tokensArgument);
/** Handshakes in flight at once: a burst of thousands of SYNs overflows the listen backlog. */
const CONNECT_CONCURRENCY = 200;
/** Like the real client's heartbeat: the server closes a connection silent for 45 s. */
const PING_INTERVAL_MS = 15_000;

const latencies = new Float64Array(Math.ceil(clients * tokensPerSecond * (windowMs / 1000) * 1.5) + 1024);
let recorded = 0;
let measuring = false;
let streaming = 0;
let dropped = 0;
const errors = new Set<string>();
const sockets: WebSocket[] = [];

function openClient(index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url!, { perMessageDeflate: false });
    sockets.push(socket);
    let settled = false;
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
      const frame = JSON.parse(data.toString()) as { type: string; text?: string; t?: number; code?: string };
      switch (frame.type) {
        case 'chunk':
          if (measuring && recorded < latencies.length) latencies[recorded++] = wallClockMs() - Number(frame.text);
          break;
        case 'welcome':
          socket.send(JSON.stringify({ type: 'send', conversationId: `fanout${id}`, messageId: `ask${id}`, text: 'Stream until the benchmark ends.' }));
          break;
        case 'message_start':
          streaming += 1;
          done();
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
// A saturated server may never take every client: stop waiting at the deadline and measure the
// clients that are streaming by then (the rest may still join before the window opens).
await Promise.race([
  Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, clients) }, worker)),
  new Promise((resolve) => setTimeout(resolve, connectTimeoutMs)),
]);
const connectMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, settleMs));

const streamingAtWindow = streaming;
process.stdout.write(`${JSON.stringify({ event: 'window-open' })}\n`);
measuring = true;
const windowStarted = performance.now();
await new Promise((resolve) => setTimeout(resolve, windowMs));
measuring = false;
const actualWindowMs = performance.now() - windowStarted;

const sorted = latencies.subarray(0, recorded).sort();
const percentile = (p: number): number => (recorded === 0 ? NaN : sorted[Math.min(recorded - 1, Math.floor((p / 100) * recorded))]!);
const report: LoadReport = {
  requested: clients,
  streaming: streamingAtWindow,
  connectMs,
  windowMs: actualWindowMs,
  chunks: recorded,
  p50Ms: percentile(50),
  p99Ms: percentile(99),
  maxMs: recorded === 0 ? NaN : sorted[recorded - 1]!,
  dropped,
  errors: [...errors],
};
// The sockets stay open: the parent measures the server's memory now, then ends this process.
process.stdout.write(`${JSON.stringify(report)}\n`);
