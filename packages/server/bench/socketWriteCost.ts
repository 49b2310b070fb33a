/**
 * CPU time to write one chunk frame to one of many loopback WebSocket connections, one frame per
 * connection per turn (the fan-out case: a client at 20 tokens/s gets one chunk per turn):
 * `ws.send` under cork, as the server wrote before, against `SocketWriter`'s one pre-framed write,
 * and the cost of building the frame's text alone. CPU time (`process.cpuUsage`), not wall time,
 * so other load on the machine disturbs it little; variants interleaved round by round.
 *
 *   cd packages/server && REJOIN_BENCH_FILE=bench/socketWriteCost.ts npx vitest run --config bench/vitest.config.ts
 */
import type { Socket } from 'node:net';
import { loadavg } from 'node:os';
import { expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FlushScheduler } from '../src/connection/FlushScheduler.ts';
import { SocketWriter } from '../src/connection/SocketWriter.ts';

const CONNECTIONS = 2000;
const TURNS = 40;
const ROUNDS = 12;
const WARM_UP_ROUNDS = 2;

interface ServerSide {
  readonly socket: WebSocket;
  readonly tcp: Socket;
  readonly writer: SocketWriter;
}

/** A chunk frame the size of the fan-out row's (a timestamp token), distinct per connection and turn. */
const chunkText = (connection: number, turn: number): string =>
  `{"type":"chunk","conversationId":"fanout${connection}","messageId":"m_${connection}_abcdefghijkl","seq":${turn},"text":"${(performance.timeOrigin + performance.now()).toFixed(3)}"}`;

it('measures the CPU time of writing one frame per connection per turn', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as { port: number };
  const servers: ServerSide[] = [];
  const scheduler = new FlushScheduler();
  wss.on('connection', (socket, request) => {
    const writer = new SocketWriter(socket, { maxBufferedBytes: 64 * 1024 * 1024, onOverflow: () => {}, scheduler, transport: request.socket });
    servers.push({ socket, tcp: request.socket, writer });
  });
  const clients: WebSocket[] = [];
  let received = 0;
  for (let index = 0; index < CONNECTIONS; index++) {
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    client.on('message', () => (received += 1));
    clients.push(client);
    await new Promise((resolve) => client.once('open', resolve));
  }
  while (servers.length < CONNECTIONS) await new Promise((resolve) => setImmediate(resolve));

  const variants = {
    'ws.send under cork': (turn: number) => {
      for (let index = 0; index < CONNECTIONS; index++) {
        const { socket, tcp } = servers[index]!;
        tcp.cork();
        socket.send(chunkText(index, turn));
        tcp.uncork();
      }
    },
    'SocketWriter, one pre-framed write': (turn: number) => {
      for (let index = 0; index < CONNECTIONS; index++) {
        const { writer } = servers[index]!;
        writer.send({ type: 'pong', t: 0 }, chunkText(index, turn));
        writer.flush();
      }
    },
    'building the text alone': (turn: number) => {
      let bytes = 0;
      for (let index = 0; index < CONNECTIONS; index++) bytes += chunkText(index, turn).length;
      expect(bytes).toBeGreaterThan(0);
    },
  };
  const names = Object.keys(variants) as (keyof typeof variants)[];
  const perFrame = new Map(names.map((name) => [name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotated, so no variant always runs right after another one's writes.
    for (const name of names.map((_, offset) => names[(offset + round) % names.length]!)) {
      let cpuMicros = 0;
      for (let turn = 0; turn < TURNS; turn++) {
        const before = process.cpuUsage();
        variants[name](turn);
        const used = process.cpuUsage(before);
        cpuMicros += used.user + used.system;
        // The clients read between turns (their CPU is not counted), so send buffers stay small.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (round >= WARM_UP_ROUNDS) perFrame.get(name)!.push(cpuMicros / (CONNECTIONS * TURNS));
    }
  }
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `CPU per frame written, ${CONNECTIONS} connections × ${TURNS} turns, median of ${ROUNDS - WARM_UP_ROUNDS} rounds, load average ${loadavg()[0]?.toFixed(2)}:\n` +
      names.map((name) => `  ${name}: ${median(perFrame.get(name)!).toFixed(2)} µs`).join('\n'),
  );
  // Both writing variants delivered every frame.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(received).toBe(2 * CONNECTIONS * TURNS * ROUNDS);
  for (const client of clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
}, 600_000);
