/**
 * Redis stores versus in-memory stores, in the same run: resume latency (a reconnecting client's
 * `hello` with a cursor, to the first replayed chunk) and chunk throughput (a generation written
 * as fast as the stores take it, to a client). Writes its block of docs/benchmarks.md between
 * `<!-- redis:start -->` and `<!-- redis:end -->`, outside the block `npm run bench` generates.
 *
 *   cd packages/server && REDIS_URL=redis://127.0.0.1:6390 npx vitest run --config bench/vitest.config.ts
 *
 * REJOIN_BENCH_SMOKE=1 runs tiny sizes and leaves the docs alone. REJOIN_BENCH_ONLY=paced (or
 * throughput) measures that part alone, prints it and leaves the docs alone: for profiling one goal;
 * REJOIN_BENCH_ROUNDS=N sets its rounds of paced replies.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestToken, TestClient } from '../src/testing/TestClient.ts';
import { userIdForToken } from '../src/auth/createTokenAuthenticator.ts';
import type { Respond } from '../src/generation/Respond.ts';
import { createLogger } from '../src/logging/createLogger.ts';
import { createRejoinServer, type RejoinServer } from '../src/server/createRejoinServer.ts';
import type { RejoinStores } from '../src/server/RejoinServerOptions.ts';
import { MemoryConversationStore } from '../src/stores/memory/MemoryConversationStore.ts';
import { MemoryStreamStore } from '../src/stores/memory/MemoryStreamStore.ts';
import { createRedisStores, type RedisStores } from '../src/stores/redis/createRedisStores.ts';
import { RedisConnection } from '../src/stores/redis/RedisConnection.ts';

const smoke = process.env['REJOIN_BENCH_SMOKE'] === '1';
const only = process.env['REJOIN_BENCH_ONLY']?.trim() || null;
const RESUMES = smoke ? 5 : 200;
const STORED_CHUNKS = 500;
const MISSED_CHUNKS = 50;
const GENERATED_CHUNKS = smoke ? 100 : 2000;
const THROUGHPUT_ROUNDS = smoke ? 1 : 5;
/** Replies streamed at once for the aggregate throughput. */
const CONCURRENT_REPLIES = smoke ? 4 : 20;
const AGGREGATE_ROUNDS = smoke ? 1 : 3;
/** Replies streamed at once at a hosted model's pace, each to its own client. */
const PACED_REPLIES = smoke ? 10 : 200;
const PACED_RATE = 50;
const PACED_TOKENS = smoke ? 50 : 250;
const PACED_ROUNDS = smoke ? 1 : Number(process.env['REJOIN_BENCH_ROUNDS'] ?? 2);

type ResumeFigures = { readonly first: { p50: number; p95: number }; readonly last: { p50: number; p95: number } };
const silent = createLogger({ level: 'silent' });

/** A model that writes `GENERATED_CHUNKS` tokens as fast as the stores accept them. */
const fastModel: Respond = async function* () {
  for (let index = 0; index < GENERATED_CHUNKS; index++) yield `tok${index % 10} `;
};

/**
 * A model that streams `PACED_TOKENS` tokens at `PACED_RATE` per second, each token being the
 * wall-clock time it was produced (this process's clock, which the clients share). Due times are
 * fixed from the start, so a reply that falls behind catches up instead of drifting.
 */
const pacedModel: Respond = async function* ({ signal }) {
  const startedAt = performance.now();
  for (let index = 0; index < PACED_TOKENS && !signal.aborted; index++) {
    const wait = startedAt + (index * 1000) / PACED_RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    yield `${(performance.timeOrigin + performance.now()).toFixed(3)} `;
  }
};

interface Backend {
  readonly name: string;
  readonly stores: () => Promise<RejoinStores & { close(): Promise<void> }>;
}

function memoryBackend(): Backend {
  return {
    name: 'in-memory',
    stores: async () => {
      const conversations = new MemoryConversationStore();
      const streams = new MemoryStreamStore();
      return { conversations, streams, close: async () => void (await streams.close()) };
    },
  };
}

function redisBackend(url: string, prefix: string): Backend {
  return { name: 'Redis', stores: () => createRedisStores({ url, keyPrefix: prefix, logger: silent }) };
}

async function startServer(stores: RejoinStores, respond: Respond = fastModel): Promise<{ server: RejoinServer; url: string }> {
  const server = createRejoinServer({
    stores,
    respond,
    logger: silent,
    shutdown: { generations: 'abort' },
    // In memory, 20 replies written at full speed outrun a client on a busy machine by megabytes.
    limits: { maxBufferedBytes: 256 * 1024 * 1024 },
    // The benchmark's clients never ping; one may wait out several rounds of the others.
    heartbeat: { intervalMs: 600_000, idleTimeoutMs: 1_200_000 },
  });
  const { url } = await server.listen();
  return { server, url };
}

/** Milliseconds from opening a socket to the first replayed chunk, and to the last one. */
async function resumeOnce(url: string, token: string, cursor: { conversationId: string; messageId: string; lastSeq: number }) {
  const startedAt = performance.now();
  const socket = new WebSocket(url);
  let first = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', v: 1, clientId: 'bench', token, cursors: [cursor] })));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; seq?: number };
      if (frame.type !== 'chunk') return;
      if (first === 0) first = performance.now() - startedAt;
      if (frame.seq === STORED_CHUNKS) resolve();
    });
  });
  const last = performance.now() - startedAt;
  socket.terminate();
  return { first, last };
}

/** A server on `backend` holding a reply still streaming, and a way to resume it from a cursor. */
async function resumeFixture(backend: Backend) {
  const stores = await backend.stores();
  const { server, url } = await startServer(stores);
  const token = createTestToken();
  const conversationId = `bench-resume-${randomUUID()}`;
  const messageId = randomUUID();
  await stores.conversations.create(conversationId, userIdForToken(token), Date.now());
  // A reply still streaming: the resume replays what was missed, then follows live.
  await stores.streams.create({ conversationId, messageId, ownerId: userIdForToken(token), replyTo: 'q', index: 1, startedAt: Date.now() });
  for (let seq = 1; seq <= STORED_CHUNKS; seq++) await stores.streams.append(messageId, seq, `word${seq} `);
  const cursor = { conversationId, messageId, lastSeq: STORED_CHUNKS - MISSED_CHUNKS };
  return {
    resume: () => resumeOnce(url, token, cursor),
    close: async () => {
      await server.close();
      await stores.close();
    },
  };
}

/**
 * Resume latency of both backends, interleaved: every round resumes once on each, in alternating
 * order, so a burst of load on the machine hits both alike.
 */
async function measureResume(memory: Backend, redis: Backend) {
  const fixtures = [await resumeFixture(memory), await resumeFixture(redis)] as const;
  try {
    for (let warm = 0; warm < 10; warm++) for (const fixture of fixtures) await fixture.resume();
    const samples = fixtures.map(() => ({ first: [] as number[], last: [] as number[] }));
    for (let round = 0; round < RESUMES; round++) {
      for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const { first, last } = await fixtures[index]!.resume();
        samples[index]!.first.push(first);
        samples[index]!.last.push(last);
      }
    }
    return samples.map((sample) => ({ first: percentiles(sample.first), last: percentiles(sample.last) }));
  } finally {
    for (const fixture of fixtures) await fixture.close();
  }
}

/** Chunks per second from `message_start` to `message_end`, seen by a client of `receiver`. */
async function generateOnce(sender: TestClient, receiver: TestClient, conversationId: string, round: number): Promise<number> {
  const from = receiver.mark();
  sender.send({ type: 'send', conversationId, messageId: `m${round}`, text: `round ${round}` });
  await receiver.next((frame) => frame.type === 'message_start', 30_000);
  const startedAt = performance.now();
  await receiver.next((frame) => frame.type === 'message_end', 60_000);
  const seconds = (performance.now() - startedAt) / 1000;
  const chunks = receiver.since(from).filter((frame) => frame.type === 'chunk').length;
  if (chunks !== GENERATED_CHUNKS) throw new Error(`expected ${GENERATED_CHUNKS} chunks, got ${chunks}`);
  return chunks / seconds;
}

/** A sender and a receiver (the same client, or one on a second instance) ready to time replies. */
async function throughputFixture(backend: Backend, acrossInstances: boolean) {
  const storesA = await backend.stores();
  const storesB = acrossInstances ? await backend.stores() : storesA;
  const a = await startServer(storesA);
  const b = acrossInstances ? await startServer(storesB) : a;
  const token = createTestToken();
  const sender = (await TestClient.join(a.url, { token })).client;
  const receiver = acrossInstances ? (await TestClient.join(b.url, { token })).client : sender;
  const conversationId = `bench-throughput-${randomUUID()}`;
  // The first reply creates the conversation; then the receiver follows it (on B when across).
  sender.send({ type: 'send', conversationId, messageId: 'warm', text: 'warm up' });
  await sender.next((frame) => frame.type === 'message_end', 60_000);
  if (acrossInstances) {
    receiver.send({ type: 'load', conversationId });
    await receiver.next((frame) => frame.type === 'conversation');
  }
  return {
    reply: (round: number) => generateOnce(sender, receiver, conversationId, round),
    close: async () => {
      await sender.close();
      if (receiver !== sender) await receiver.close();
      await a.server.close();
      if (b !== a) await b.server.close();
      await storesA.close();
      if (storesB !== storesA) await storesB.close();
    },
  };
}

/** Median chunks per second of each fixture, interleaved round by round. */
async function measureThroughput(fixtures: readonly Awaited<ReturnType<typeof throughputFixture>>[]) {
  try {
    const rates = fixtures.map(() => [] as number[]);
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const order = fixtures.map((_, index) => (index + round) % fixtures.length);
      for (const index of order) rates[index]!.push(await fixtures[index]!.reply(round));
    }
    return rates.map(median);
  } finally {
    for (const fixture of fixtures) await fixture.close();
  }
}

/** Chunks per second over `CONCURRENT_REPLIES` replies streamed at once, each in its own conversation. */
async function measureAggregate(backend: Backend): Promise<number> {
  const stores = await backend.stores();
  const { server, url } = await startServer(stores);
  const token = createTestToken();
  const client = (await TestClient.join(url, { token })).client;
  try {
    const run = randomUUID();
    // Counted as frames arrive: a predicate over every frame received so far, run on each of
    // 40,000 frames, would make the client the bottleneck it measures.
    let ended = 0;
    const allEnded = new Promise<void>((resolve) => {
      client.socket.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'message_end' && ++ended === CONCURRENT_REPLIES) resolve();
      });
    });
    const startedAt = performance.now();
    for (let index = 0; index < CONCURRENT_REPLIES; index++) {
      client.send({ type: 'send', conversationId: `bench-${run}-${index}`, messageId: `m${index}`, text: `reply ${index}` });
    }
    await allEnded;
    const seconds = (performance.now() - startedAt) / 1000;
    const chunks = client.frames.filter((frame) => frame.type === 'chunk').length;
    if (chunks !== CONCURRENT_REPLIES * GENERATED_CHUNKS) throw new Error(`expected ${CONCURRENT_REPLIES * GENERATED_CHUNKS} chunks, got ${chunks}`);
    return chunks / seconds;
  } finally {
    await client.close();
    await server.close();
    await stores.close();
  }
}

interface PacedFigures {
  /** Of the schedule: the ideal duration of a reply over the one its client saw, median over replies. */
  readonly held: number;
  readonly latency: { readonly p50: number; readonly p99: number };
}

/**
 * `PACED_REPLIES` clients, each on its own socket, ask at once for a reply from the paced model;
 * every chunk's latency is its arrival at the client minus the time the model produced it.
 */
async function measurePaced(backend: Backend): Promise<PacedFigures> {
  const stores = await backend.stores();
  const { server, url } = await startServer(stores, pacedModel);
  const sockets: WebSocket[] = [];
  try {
    const run = randomUUID();
    const latencies: number[] = [];
    const held: number[] = [];
    const replies = Array.from({ length: PACED_REPLIES }, async (_, index) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      let firstAt = 0;
      let chunks = 0;
      await new Promise<void>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', v: 1, clientId: `paced${index}`, token: createTestToken(), cursors: [] })));
        socket.on('message', (data) => {
          const now = performance.timeOrigin + performance.now();
          const frame = JSON.parse(data.toString()) as { type: string; text?: string };
          if (frame.type === 'error') {
            reject(new Error(`the server answered ${data.toString()}`));
          } else if (frame.type === 'welcome') {
            socket.send(JSON.stringify({ type: 'send', conversationId: `paced-${run}-${index}`, messageId: 'm', text: 'go' }));
          } else if (frame.type === 'chunk') {
            if (chunks === 0) firstAt = now;
            chunks += 1;
            latencies.push(now - Number.parseFloat(frame.text ?? ''));
          } else if (frame.type === 'message_end') {
            if (chunks !== PACED_TOKENS) reject(new Error(`expected ${PACED_TOKENS} chunks, got ${chunks}`));
            held.push(((PACED_TOKENS - 1) * 1000) / PACED_RATE / (now - firstAt));
            resolve();
          }
        });
      });
    });
    await Promise.all(replies);
    const sorted = [...latencies].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    return { held: median(held), latency: { p50: at(0.5), p99: at(0.99) } };
  } finally {
    for (const socket of sockets) socket.terminate();
    await server.close();
    await stores.close();
  }
}

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

function median(values: readonly number[]): number {
  return percentiles(values).p50;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')}`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

/** "7.0.15, no persistence": the redis-server measured against. */
function describeRedis(url: string): string {
  try {
    const info = execFileSync('redis-cli', ['-u', url, 'INFO'], { encoding: 'utf8' });
    const version = info.match(/redis_version:(\S+)/)?.[1] ?? '?';
    const aof = info.match(/aof_enabled:(\d)/)?.[1] === '1';
    return `${version}, ${aof ? 'append-only file on' : 'no append-only file'}`;
  } catch {
    return 'version unknown';
  }
}

async function deletePrefix(url: string, prefix: string): Promise<void> {
  const connection = await RedisConnection.connect({ url, keyPrefix: prefix, logger: silent });
  try {
    let cursor = '0';
    do {
      const [next, keys] = (await connection.commands.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000'])) as [string, string[]];
      cursor = next;
      if (keys.length > 0) await connection.commands.sendCommand(['UNLINK', ...keys]);
    } while (cursor !== '0');
  } finally {
    await connection.close();
  }
}

/** One part of the row, both backends interleaved, printed with the event loop's delay and the load average. */
async function measureOnly(part: string, memory: Backend, redis: Backend): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  if (part === 'paced') {
    for (let round = 0; round < PACED_ROUNDS; round++) {
      for (const backend of round % 2 === 0 ? [memory, redis] : [redis, memory]) {
        delay.reset();
        const cpuBefore = process.cpuUsage();
        const figures = await measurePaced(backend);
        const cpu = process.cpuUsage(cpuBefore);
        console.log(
          `paced ${backend.name}: of the schedule ${ratio(figures.held)}, p50 ${ms(figures.latency.p50)}, p99 ${ms(figures.latency.p99)}; ` +
            `event-loop delay p99 ${ms(delay.percentile(99) / 1e6)}, max ${ms(delay.max / 1e6)}; CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms; load ${loadavg()[0]?.toFixed(2)}`,
        );
      }
    }
  } else if (part === 'throughput') {
    const [memoryRate, redisRate] = (await measureThroughput([await throughputFixture(memory, false), await throughputFixture(redis, false)])) as [number, number];
    console.log(`one reply: in-memory ${rate(memoryRate)}/s, Redis ${rate(redisRate)}/s, ${ratio(redisRate / memoryRate)} the rate; load ${loadavg()[0]?.toFixed(2)}`);
  } else {
    throw new Error(`[rejoin] REJOIN_BENCH_ONLY=${part} is not a part of this row; use paced or throughput.`);
  }
  delay.disable();
}

export const REDIS_BLOCK_START = '<!-- redis:start (generated by packages/server/bench/redisVsMemory.ts; do not edit inside) -->';
export const REDIS_BLOCK_END = '<!-- redis:end -->';

/** Replaces this benchmark's block of docs/benchmarks.md, or appends it; leaves the rest alone. */
function writeBlock(path: string, body: string): void {
  const block = `${REDIS_BLOCK_START}\n${body.trim()}\n${REDIS_BLOCK_END}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.search(/<!-- redis:start[^>]*-->/);
  const end = current.indexOf(REDIS_BLOCK_END);
  writeFileSync(
    path,
    start === -1 || end < start
      ? `${current.trimEnd()}\n\n${block}\n`
      : current.slice(0, start) + block + current.slice(end + REDIS_BLOCK_END.length),
  );
}

it('measures resume latency and chunk throughput, Redis versus in-memory', async () => {
  const url = process.env['REDIS_URL']?.trim();
  if (url === undefined || url === '') {
    throw new Error('[rejoin] This benchmark needs a redis-server: set REDIS_URL (e.g. redis://127.0.0.1:6390).');
  }
  const prefix = `rejoin-bench:${randomUUID()}:`;
  const memory = memoryBackend();
  const redis = redisBackend(url, prefix);
  if (only !== null) {
    try {
      await measureOnly(only, memory, redis);
    } finally {
      await deletePrefix(url, prefix);
    }
    return;
  }
  try {
    // Interleaved, so both backends see the same machine load.
    const [resumeMemory, resumeRedis] = (await measureResume(memory, redis)) as [ResumeFigures, ResumeFigures];
    const [throughputMemory, throughputRedis, throughputAcross] = (await measureThroughput([
      await throughputFixture(memory, false),
      await throughputFixture(redis, false),
      await throughputFixture(redis, true),
    ])) as [number, number, number];
    const aggregates: [number[], number[]] = [[], []];
    for (let round = 0; round < AGGREGATE_ROUNDS; round++) {
      for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) aggregates[index]!.push(await measureAggregate(index === 0 ? memory : redis));
    }
    const [aggregateMemory, aggregateRedis] = aggregates.map(median) as [number, number];
    const paced: [PacedFigures[], PacedFigures[]] = [[], []];
    for (let round = 0; round < PACED_ROUNDS; round++) {
      for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) paced[index]!.push(await measurePaced(index === 0 ? memory : redis));
    }
    const [pacedMemory, pacedRedis] = paced.map((figures) => ({
      held: median(figures.map((figure) => figure.held)),
      p50: median(figures.map((figure) => figure.latency.p50)),
      p99: median(figures.map((figure) => figure.latency.p99)),
    })) as [{ held: number; p50: number; p99: number }, { held: number; p50: number; p99: number }];

    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const load = loadavg().map((value) => value.toFixed(2)).join(', ');
    const body = `
## Redis stores versus in-memory

Generated by \`packages/server/bench/redisVsMemory.ts\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}: ${cpu}, ${cpus().length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, redis-server ${describeRedis(url)}, on loopback; load average at the end: ${load}. Both backends run in the same process and the same run, interleaved (each round measures each backend once, in alternating order), so load from other processes hits both alike; compare the ratios.

- **Resume latency**: a client opens a socket and sends \`hello\` with a cursor ${MISSED_CHUNKS} chunks behind a reply still streaming (${STORED_CHUNKS} chunks stored); measured from opening the socket to the first replayed chunk, and to the last one. ${RESUMES} resumes per backend after 10 warm-up ones. With Redis, the replay is one Lua script (meta and \`XRANGE\`), then the stream joins the instance's shared \`XREAD BLOCK\`.
- **Chunk throughput**: a model that yields ${GENERATED_CHUNKS.toLocaleString('en-US')} tokens without pausing; chunks per second from \`message_start\` to \`message_end\` at the client, median of ${THROUGHPUT_ROUNDS} replies per contender. A reply does not wait for each chunk's \`append\`: up to 512 are in flight, and the Redis store keeps one script in flight per stream, sending the chunks appended meanwhile together in the next one (one seq check and an \`XADD\` each, atomically), so one reply is no longer bound by a round trip per token. "Across instances": written on instance A, delivered by instance B (shared reader, \`XREAD BLOCK\`) to a client there. "At once": ${CONCURRENT_REPLIES} conversations of one client each get a ${GENERATED_CHUNKS.toLocaleString('en-US')}-chunk reply at the same time (median of ${AGGREGATE_ROUNDS} rounds); concurrent appends share the connection (node-redis pipelines them), so the aggregate rate is what bounds an instance.
- **Paced replies**: ${PACED_REPLIES} clients, each on its own socket, ask at once for a ${PACED_TOKENS}-token reply streamed at ${PACED_RATE} tokens/s, a hosted model's pace; each token is the time the model produced it, and a chunk's latency is its arrival at the client minus that (one process, one clock). "Of the schedule" is the reply's ideal duration over the one its client saw, median over replies; median of ${PACED_ROUNDS} rounds per backend. Goals: ≥ 0.98× of the schedule and p99 ≤ 50 ms with Redis.

| measure | in-memory | Redis | Redis vs in-memory |
|---|---|---|---|
| resume: socket open → first replayed chunk, p50 | ${ms(resumeMemory.first.p50)} | ${ms(resumeRedis.first.p50)} | ${ratio(resumeRedis.first.p50 / resumeMemory.first.p50)} the time |
| resume: socket open → first replayed chunk, p95 | ${ms(resumeMemory.first.p95)} | ${ms(resumeRedis.first.p95)} | ${ratio(resumeRedis.first.p95 / resumeMemory.first.p95)} the time |
| resume: socket open → all ${MISSED_CHUNKS} missed chunks, p50 | ${ms(resumeMemory.last.p50)} | ${ms(resumeRedis.last.p50)} | ${ratio(resumeRedis.last.p50 / resumeMemory.last.p50)} the time |
| chunk throughput, one instance (chunks/s) | ${rate(throughputMemory)} | ${rate(throughputRedis)} | ${ratio(throughputRedis / throughputMemory)} the rate |
| chunk throughput, written on A and delivered by B (chunks/s) | n/a (one process only) | ${rate(throughputAcross)} | ${ratio(throughputAcross / throughputMemory)} the in-memory rate |
| chunk throughput, ${CONCURRENT_REPLIES} replies at once on one instance (chunks/s, all replies) | ${rate(aggregateMemory)} | ${rate(aggregateRedis)} | ${ratio(aggregateRedis / aggregateMemory)} the rate |
| ${PACED_REPLIES} replies at once at ${PACED_RATE} tokens/s: of the schedule | ${ratio(pacedMemory.held)} | ${ratio(pacedRedis.held)} | ${ratio(pacedRedis.held / pacedMemory.held)} |
| ${PACED_REPLIES} replies at once at ${PACED_RATE} tokens/s: chunk latency p50 | ${ms(pacedMemory.p50)} | ${ms(pacedRedis.p50)} | ${ratio(pacedRedis.p50 / pacedMemory.p50)} the time |
| ${PACED_REPLIES} replies at once at ${PACED_RATE} tokens/s: chunk latency p99 | ${ms(pacedMemory.p99)} | ${ms(pacedRedis.p99)} | ${ratio(pacedRedis.p99 / pacedMemory.p99)} the time |

Goals (issue 17): one reply's Redis throughput ≥ 0.5× in memory: ${throughputRedis / throughputMemory >= 0.5 ? 'met' : 'missed'} (${ratio(throughputRedis / throughputMemory)}); ${PACED_REPLIES} paced replies on Redis at ≥ 0.98× of the schedule: ${pacedRedis.held >= 0.98 ? 'met' : 'missed'} (${ratio(pacedRedis.held)}); their p99 ≤ 50 ms: ${pacedRedis.p99 <= 50 ? 'met' : 'missed'} (${ms(pacedRedis.p99)}). Load average at the end is given above: this machine is shared, so absolute figures vary between runs; the ratios are from one run.
`;
    console.log(body);
    if (!smoke) writeBlock(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'benchmarks.md'), body);
  } finally {
    await deletePrefix(url, prefix);
  }
}, 600_000);
