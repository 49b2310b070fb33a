import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createChatClient,
  createMemoryStorage,
  parseServerFrame,
  ProtocolError,
  type ChatClient,
  type ClientFrame,
  type Transport,
  type TransportHandlers,
} from '@rejoin/core';
import { FakeClock } from '@rejoin/core/testing';
import { mutatedFrame } from './support/mutateFrame.ts';
import { serverFrameArbitrary } from './support/serverFrameArbitrary.ts';

/** The client's frame limit in this test: small, so oversize frames are cheap to make. */
const MAX_FRAME_BYTES = 4096;
const RUNS = Number(process.env['FUZZ_CLIENT_RUNS'] ?? 110);
const FRAMES_PER_RUN = 50;
let framesFuzzed = 0;
let refusedFrames = 0;

/** A transport that hands the client whatever the test says, raw: text, bytes, anything. */
function rawTransport() {
  let handlers: TransportHandlers | null = null;
  const sent: ClientFrame[] = [];
  const transport: Transport = {
    connect(next) {
      handlers = next;
      return {
        send: (data) => sent.push(JSON.parse(data) as ClientFrame),
        close: () => {
          const closing = handlers;
          handlers = null;
          closing?.onClose(1000, 'client closed');
        },
      };
    },
  };
  return {
    transport,
    sent,
    /** Opens the pending connection and completes the handshake. */
    open(): void {
      handlers?.onOpen();
      handlers?.onMessage(
        JSON.stringify({
          type: 'welcome',
          v: 1,
          sessionId: 's1',
          activeStreams: [],
          lostStreams: [],
          limits: { maxFrameBytes: 1_048_576, maxMessageChars: 32_000 },
          heartbeatMs: 15_000,
        }),
      );
    },
    deliver: (data: unknown) => handlers?.onMessage(data),
  };
}

/** What must hold after any frame: the client's state is still a state it could render. */
function expectCoherent(client: ChatClient): void {
  const { context } = client.getSnapshot();
  for (const conversation of Object.values(context.conversations)) {
    const ids = conversation.messages.map((message) => message.id);
    expect(new Set(ids).size, `ids in ${conversation.conversationId}: ${ids.join(',')}`).toBe(ids.length);
    for (const message of conversation.messages) expect(typeof message.text).toBe('string');
  }
  expect(context.errors.length).toBeLessThanOrEqual(20);
}

const rawItem: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: mutatedFrame(serverFrameArbitrary, MAX_FRAME_BYTES) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 42, new Uint8Array([123, 125]), new ArrayBuffer(4), { type: 'chunk' }) },
);

// Bounded and synchronous (a fake clock, no socket): no timer can stop it mid-run, so a wall-clock
// limit would only measure how busy the machine is (4 s quiet, over 20 s loaded). No per-test timeout.
describe('fuzzing the client with random and mutated server frames', { timeout: 0 }, () => {
  afterAll(() => {
    console.log(`[fuzz] client: ${framesFuzzed} frames fed, ${refusedFrames} refused with a typed ProtocolError, 0 crashes`);
  });

  it('never throws, reports every bad frame as a typed ProtocolError, and stays usable', () => {
    fc.assert(
      fc.property(fc.array(rawItem, { minLength: FRAMES_PER_RUN, maxLength: FRAMES_PER_RUN }), (items) => {
        const clock = new FakeClock();
        const wire = rawTransport();
        const client = createChatClient({
          transport: wire.transport,
          namespace: 'fuzz',
          storage: createMemoryStorage(),
          clock,
          maxFrameBytes: MAX_FRAME_BYTES,
          // Each frame is judged on its own: no batching window to wait out.
          frameBatchMs: 0,
          config: { maxAttempts: Number.POSITIVE_INFINITY },
        });
        try {
          wire.open();
          clock.flush();
          for (const item of items) {
            framesFuzzed += 1;
            const before = client.getSnapshot().context.errors.at(-1);
            wire.deliver(item);
            clock.flush();
            const verdict = parseServerFrame(item, { maxFrameBytes: MAX_FRAME_BYTES });
            if (!verdict.ok) {
              refusedFrames += 1;
              const reported = client.getSnapshot().context.errors.at(-1);
              expect(reported).not.toBe(before);
              expect(reported).toBeInstanceOf(ProtocolError);
              expect(reported?.code).toBe(verdict.error.code);
              expect(reported?.message).toMatch(/^\[rejoin\] /);
            }
            expectCoherent(client);
            // A fatal refusal (`unauthorized`, `unsupported_version`) parks the client in `failed`:
            // the app's retry() brings it back.
            if (client.getSnapshot().matches('failed')) {
              client.retry();
              wire.open();
              clock.flush();
            }
          }
          // Still usable: a message goes out, and a fresh reply streams in whole.
          if (!client.getSnapshot().matches('connected')) {
            client.retry();
            wire.open();
            clock.flush();
          }
          expect(client.getSnapshot().matches('connected')).toBe(true);
          const messageId = client.send('still there?', { conversationId: 'fresh' });
          expect(wire.sent.some((frame) => frame.type === 'send' && frame.messageId === messageId)).toBe(true);
          for (const frame of [
            { type: 'message_start', conversationId: 'fresh', messageId: 'reply', replyTo: messageId, index: 1, createdAt: 1 },
            { type: 'chunk', conversationId: 'fresh', messageId: 'reply', seq: 1, text: 'Yes, ' },
            { type: 'chunk', conversationId: 'fresh', messageId: 'reply', seq: 2, text: 'still here.' },
            { type: 'message_end', conversationId: 'fresh', messageId: 'reply', finishReason: 'complete', lastSeq: 2 },
          ]) {
            wire.deliver(JSON.stringify(frame));
            clock.flush();
          }
          const reply = client.getSnapshot().context.conversations['fresh']?.messages.find((message) => message.id === 'reply');
          expect(reply).toMatchObject({ text: 'Yes, still here.', status: 'complete' });
        } finally {
          client.dispose();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
