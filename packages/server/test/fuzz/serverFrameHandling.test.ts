import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createChatClient,
  createMemoryStorage,
  errorCodeForRejection,
  parseClientFrame,
  parseServerFrame,
  type ChatClient,
  type ServerFrame,
} from '@rejoin/core';
import { createRejoinServer, type RejoinServer } from '../../src/index.ts';
import { clientFrameArbitrary } from './support/clientFrameArbitrary.ts';
import { mutatedFrame } from './support/mutateFrame.ts';

const MAX_FRAME_BYTES = 4096;
const CONNECTIONS = Number(process.env['FUZZ_SERVER_CONNECTIONS'] ?? 60);
const FRAMES_PER_CONNECTION = 100;
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
/** The answers that say "this frame was refused for its form", as opposed to its meaning. */
const PROTOCOL_CODES = ['bad_frame', 'frame_too_large', 'unsupported_version', 'handshake_required'] as const;
type ProtocolCode = (typeof PROTOCOL_CODES)[number];

let framesFuzzed = 0;
const refusals: Record<string, number> = {};
const closes: Record<string, number> = {};

const rawItem: fc.Arbitrary<string | Buffer> = fc.oneof(
  // Another version is fatal, so it is kept for the end of some connections (see the plan below).
  { weight: 20, arbitrary: mutatedFrame(clientFrameArbitrary, MAX_FRAME_BYTES, 0) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes)) },
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ConnectionOutcome {
  readonly expected: Record<ProtocolCode, number>;
  /** Of `expected`, the answers that go through the connection's frame queue (a second hello, a frame before hello). */
  readonly queued: Record<ProtocolCode, number>;
  readonly received: Record<string, number>;
  readonly invalidFrames: readonly string[];
  readonly close: { code: number; reason: string } | null;
  readonly expectFatal: boolean;
}

/** One connection: sends the items, counting which refusals the protocol requires, then waits for them. */
async function fuzzConnection(
  url: string,
  items: readonly (string | Buffer)[],
  helloFirst: boolean,
  otherVersionLast: boolean,
): Promise<ConnectionOutcome> {
  const socket = new WebSocket(url);
  const received: Record<string, number> = {};
  const invalidFrames: string[] = [];
  let lists = 0;
  let close: ConnectionOutcome['close'] = null;
  socket.on('message', (data, isBinary) => {
    const parsed = parseServerFrame(isBinary ? data : data.toString());
    if (!parsed.ok) {
      invalidFrames.push(data.toString().slice(0, 200));
      return;
    }
    const frame: ServerFrame = parsed.frame;
    if (frame.type === 'error') received[frame.code] = (received[frame.code] ?? 0) + 1;
    if (frame.type === 'conversations') lists += 1;
  });
  const closed = new Promise<void>((resolve) => socket.on('close', (code, reason) => {
    close = { code, reason: reason.toString() };
    resolve();
  }));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  const expected: Record<ProtocolCode, number> = { bad_frame: 0, frame_too_large: 0, unsupported_version: 0, handshake_required: 0 };
  const queued: Record<ProtocolCode, number> = { bad_frame: 0, frame_too_large: 0, unsupported_version: 0, handshake_required: 0 };
  let ready = false;
  let expectedLists = 0;
  let expectFatal = false;
  const send = (raw: string | Buffer): boolean => {
    framesFuzzed += 1;
    const verdict = parseClientFrame(raw, { maxFrameBytes: MAX_FRAME_BYTES });
    if (!verdict.ok) {
      const code = errorCodeForRejection(verdict.error) as ProtocolCode;
      expected[code] += 1;
      if (code === 'unsupported_version') expectFatal = true;
    } else {
      const { type } = verdict.frame;
      // Frames are handled in order, so everything after a hello is handled after the handshake.
      if (type === 'hello') {
        if (ready) {
          expected.bad_frame += 1;
          queued.bad_frame += 1;
        }
        ready = true;
      } else if (type !== 'ping' && type !== 'pong') {
        if (!ready) {
          expected.handshake_required += 1;
          queued.handshake_required += 1;
        }
        else if (type === 'list') expectedLists += 1;
      }
    }
    socket.send(raw);
    return !expectFatal;
  };

  if (helloFirst) send(JSON.stringify({ type: 'hello', v: 1, clientId: 'fz-client', token: 'fuzz-token-0123456789', cursors: [] }));
  for (const item of items) if (!send(item)) break;
  if (otherVersionLast && !expectFatal) send(JSON.stringify({ type: 'ping', t: 1, v: 2 }));

  if (expectFatal) {
    await Promise.race([closed, sleep(5_000)]);
  } else {
    // A fence: the server answers frames in order, so once this one is answered, all were.
    send(JSON.stringify(ready ? { type: 'list' } : { type: 'load', conversationId: 'fence' }));
    const deadline = Date.now() + 5_000;
    const answered = () => (ready ? lists >= expectedLists : (received['handshake_required'] ?? 0) >= expected.handshake_required);
    while (!answered() && Date.now() < deadline) await sleep(5);
    await sleep(20);
    socket.close(1000);
    await Promise.race([closed, sleep(2_000)]);
  }
  return { expected, queued, received, invalidFrames, close, expectFatal };
}

describe('fuzzing the server with random and mutated client frames', () => {
  afterAll(() => {
    console.log(
      `[fuzz] server (seed ${SEED}): ${framesFuzzed} frames sent on ${CONNECTIONS} connections; refusals ${JSON.stringify(refusals)}; ` +
        `closes ${JSON.stringify(closes)}; 0 crashes, 0 internal errors`,
    );
  });

  it(`answers every bad frame with its error or a clean close, and keeps serving a good client (seed ${SEED})`, async () => {
    const server: RejoinServer = createRejoinServer({
      host: '127.0.0.1',
      port: 0,
      // One token per reply: this test is about frames, not about streaming.
      respond: async function* oneWord() {
        yield 'ok';
      },
      authenticate: async () => ({ userId: 'fuzz-user' }),
      limits: { maxFrameBytes: MAX_FRAME_BYTES, maxMessageChars: 200, burstFrames: 1_000_000, framesPerSecond: 1_000_000 },
    });
    const { url } = await server.listen();
    let good: ChatClient | null = null;
    try {
      good = createChatClient({ url, WebSocket: WebSocket as never, namespace: 'good', token: 'good-token-0123456789', storage: createMemoryStorage() });
      const plan = fc.sample(fc.tuple(fc.array(rawItem, { minLength: FRAMES_PER_CONNECTION, maxLength: FRAMES_PER_CONNECTION }), fc.nat(9)), {
        seed: SEED,
        numRuns: CONNECTIONS,
      });
      const outcomes: ConnectionOutcome[] = [];
      for (let start = 0; start < plan.length; start += 5) {
        const batch = plan.slice(start, start + 5).map(([items, roll]) => fuzzConnection(url, items, roll > 1, roll === 9));
        outcomes.push(...(await Promise.all(batch)));
        if (start === 20) good.send('a good client in the middle of the storm');
      }

      for (const [index, outcome] of outcomes.entries()) {
        const label = `connection ${index} (seed ${SEED}): ${JSON.stringify(outcome)}`;
        expect(outcome.invalidFrames, `${label}: frames that break the protocol`).toEqual([]);
        expect(outcome.received['internal'] ?? 0, `${label}: internal errors`).toBe(0);
        for (const code of PROTOCOL_CODES) {
          const answers = outcome.received[code] ?? 0;
          if (outcome.expectFatal) {
            // A fatal refusal closes at once: frames still waiting in the queue are not answered.
            expect(answers, `${label}: ${code} answers`).toBeGreaterThanOrEqual(outcome.expected[code] - outcome.queued[code]);
            expect(answers, `${label}: ${code} answers`).toBeLessThanOrEqual(outcome.expected[code]);
          } else {
            expect(answers, `${label}: ${code} answers`).toBe(outcome.expected[code]);
          }
          refusals[code] = (refusals[code] ?? 0) + answers;
        }
        if (outcome.expectFatal) {
          expect(outcome.close, `${label}: closes with a reason`).toEqual({ code: 1008, reason: 'unsupported_version' });
        }
        const closeKey = outcome.close === null ? 'none' : `${outcome.close.code}${outcome.close.reason ? ` ${outcome.close.reason}` : ''}`;
        closes[closeKey] = (closes[closeKey] ?? 0) + 1;
      }

      // The server survived and still serves a well-behaved client end to end.
      const client = good;
      const deadline = Date.now() + 5_000;
      const done = () => {
        const conversation = Object.values(client.getSnapshot().context.conversations)[0];
        return conversation?.messages.some((message) => message.role === 'assistant' && message.status === 'complete') === true;
      };
      while (!done() && Date.now() < deadline) await sleep(10);
      expect(done()).toBe(true);
      expect(client.getSnapshot().context.outbox).toEqual([]);
    } finally {
      good?.dispose();
      await server.close();
    }
  }, 60_000);
});
