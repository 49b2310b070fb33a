import type { PartEvent } from '../../model/parts.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, type InspectionEvent } from 'xstate';
import { ProtocolError } from '../../errors/RejoinError.ts';
import { defaultChatConfig } from '../../machine/chatConfig.ts';
import type { ChatEvent } from '../../machine/chatEvents.ts';
import type { SocketCommand } from '../../socket/createSocketActor.ts';
import { chatMachine } from '../../machine/chatMachine.ts';
import { serverEvents } from '../../machine/serverEvents.ts';
import type { ChunkFrame, ClientFrame, ServerFrame } from '../../protocol/frames.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import type { FrameBatch } from '../../socket/frameBatcher.ts';
import { createChunkFastPath, FAST_PATH_COMMIT_MS } from '../createChunkFastPath.ts';

const C = 'c1';
const REPLY = 'a1';

const chunk = (seq: number, text: string, messageId = REPLY, conversationId = C): ChunkFrame => ({
  type: 'chunk',
  conversationId,
  messageId,
  seq,
  text,
});
const messageEnd = (lastSeq: number): ServerFrame => ({
  type: 'message_end',
  conversationId: C,
  messageId: REPLY,
  lastSeq,
  finishReason: 'complete',
});
const batch = (...frames: ServerFrame[]): FrameBatch => ({ frames, errors: [] });

/** A started actor that follows reply `a1` of conversation `c1`, as after a `message_start`. */
function streamingActor(onSocketStop: { current: () => void } = { current: () => {} }) {
  const received: string[] = [];
  const sent: ClientFrame[] = [];
  // A socket that records what the machine writes to it; stopped, it calls `onSocketStop` as the
  // real one's cleanup does.
  const socket = fromCallback<SocketCommand, undefined, ChatEvent>(({ receive }) => {
    receive((command) => sent.push(...command.frames));
    return () => onSocketStop.current();
  });
  const actor = createActor(chatMachine.provide({ actors: { socket } }), {
    input: { config: defaultChatConfig, clientId: 'client-1', jitterSeed: 1, openConversationId: C },
    inspect: (event: InspectionEvent) => {
      if (event.type === '@xstate.event' && event.actorRef === actor) received.push(event.event.type);
    },
  });
  actor.start();
  actor.send({ type: 'START' });
  actor.send({ type: 'SOCKET.OPEN' });
  for (const event of serverEvents(
    batch(
      { type: 'welcome', v: 1, sessionId: 's1', activeStreams: [], lostStreams: [], limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 }, heartbeatMs: 30_000 },
      { type: 'conversation', conversationId: C, status: 'idle', messages: [{ id: 'u1', role: 'user', text: 'hi', status: 'complete', createdAt: 1 }], activeStream: null },
      { type: 'message_start', conversationId: C, messageId: REPLY, replyTo: 'u1', index: 1, createdAt: 2 },
    ),
  )) {
    actor.send(event);
  }
  if (!actor.getSnapshot().matches({ connected: { ready: 'streaming' } })) throw new Error('the setup did not reach ready.streaming');
  received.length = 0;
  sent.length = 0;
  return { actor, received, sent };
}

function setup() {
  const clock = new FakeClock();
  const onSocketStop = { current: () => {} };
  const { actor, received, sent } = streamingActor(onSocketStop);
  const fastPath = createChunkFastPath({ actor, clock });
  onSocketStop.current = () => fastPath.detach();
  let notifications = 0;
  fastPath.subscribe(() => (notifications += 1));
  const toMachine = (delivered: FrameBatch): void => {
    for (const event of serverEvents(delivered)) actor.send(event);
  };
  const deliver = (...frames: ServerFrame[]): void => fastPath.deliver(batch(...frames), toMachine);
  const reply = (snapshot = fastPath.getSnapshot()) => snapshot.context.conversations[C]!.messages.find((message) => message.id === REPLY)!;
  return { clock, actor, received, sent, fastPath, deliver, reply, notifications: () => notifications };
}

describe('the chunk fast path', () => {
  it('appends in-order chunks of the followed reply beside the machine, with one notification per batch', () => {
    const { actor, received, fastPath, deliver, reply, notifications } = setup();
    deliver(chunk(1, 'Hel'), chunk(2, 'lo'), chunk(3, ' you'));
    expect(received).toEqual([]);
    expect(notifications()).toBe(1);
    expect(reply()).toMatchObject({ text: 'Hello you', seq: 3, status: 'streaming' });
    expect(fastPath.getSnapshot().context.conversations[C]!.stream).toEqual({ messageId: REPLY, lastSeq: 3, awaitingReplay: false });
    // The machine has not seen them yet.
    expect(reply(actor.getSnapshot())).toMatchObject({ text: '', seq: 0 });
  });

  it('keeps every untouched object by reference, and the snapshot itself between notifications', () => {
    const { actor, fastPath, deliver } = setup();
    const before = fastPath.getSnapshot();
    deliver(chunk(1, 'a'));
    const after = fastPath.getSnapshot();
    expect(fastPath.getSnapshot()).toBe(after);
    expect(after).not.toBe(before);
    const [question, answer] = after.context.conversations[C]!.messages;
    expect(question).toBe(before.context.conversations[C]!.messages[0]);
    expect(answer).not.toBe(before.context.conversations[C]!.messages[1]);
    expect(after.context.outbox).toBe(actor.getSnapshot().context.outbox);
    expect(after.context.conversationList).toBe(actor.getSnapshot().context.conversationList);
  });

  it('answers matches, hasTag and can on the overlaid snapshot as on the machine', () => {
    const { actor, fastPath, deliver } = setup();
    deliver(chunk(1, 'a'));
    const overlaid = fastPath.getSnapshot();
    expect(overlaid).not.toBe(actor.getSnapshot());
    expect(overlaid.matches({ connected: { ready: 'streaming' } })).toBe(true);
    expect(overlaid.matches('disconnected')).toBe(false);
    expect(overlaid.hasTag('sending')).toBe(true);
    expect(overlaid.hasTag('failed')).toBe(false);
    expect(overlaid.can({ type: 'RETRY' })).toBe(actor.getSnapshot().can({ type: 'RETRY' }));
    expect(overlaid.can({ type: 'STOP', conversationId: C })).toBe(true);
    expect(overlaid.status).toBe('active');
  });

  it('commits the buffer before a gap, and the machine asks for a replay from the last chunk held', () => {
    const { actor, received, sent, deliver, reply } = setup();
    deliver(chunk(1, 'a'), chunk(2, 'b'));
    deliver(chunk(4, 'd'));
    expect(received).toEqual(['SERVER.CHUNKS', 'SERVER.CHUNKS']);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'ab', seq: 2 });
    expect(sent).toEqual([{ type: 'subscribe', conversationId: C, messageId: REPLY, lastSeq: 2 }]);
    expect(actor.getSnapshot().context.conversations[C]!.stream?.awaitingReplay).toBe(true);
    // While the replay is awaited the machine decides; the replay's first chunk clears it.
    deliver(chunk(3, 'c'), chunk(4, 'd'));
    expect(reply()).toMatchObject({ text: 'abcd', seq: 4 });
    expect(received).toHaveLength(3);
    deliver(chunk(5, 'e'));
    expect(received).toHaveLength(3);
    expect(reply()).toMatchObject({ text: 'abcde', seq: 5 });
  });

  it('commits the buffer before a duplicate, which the machine ignores', () => {
    const { actor, received, deliver, reply } = setup();
    deliver(chunk(1, 'a'), chunk(2, 'b'));
    deliver(chunk(2, 'b'), chunk(3, 'c'));
    expect(received).toEqual(['SERVER.CHUNKS', 'SERVER.CHUNKS']);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'abc', seq: 3 });
    expect(reply()).toBe(reply(actor.getSnapshot()));
  });

  it('hands a chunk of a reply the machine does not follow to the machine, after the buffer', () => {
    const { actor, received, deliver } = setup();
    deliver(chunk(1, 'a'), chunk(1, 'x', 'a2', 'c2'));
    expect(received).toEqual(['SERVER.CHUNKS', 'SERVER.CHUNKS']);
    const other = actor.getSnapshot().context.conversations['c2']!.messages[0];
    expect(other).toMatchObject({ id: 'a2', text: 'x', status: 'streaming' });
  });

  it('keeps arrival order around a control frame: buffered chunks, the frame, then chunks buffered again', () => {
    const { actor, received, deliver, reply } = setup();
    const framesBefore = actor.getSnapshot().context.framesReceived;
    deliver(chunk(1, 'a'), chunk(2, 'b'), { type: 'pong', t: 1 }, chunk(3, 'c'));
    expect(received).toEqual(['SERVER.CHUNKS', 'SERVER.PONG']);
    expect(reply(actor.getSnapshot()).text).toBe('ab');
    expect(reply().text).toBe('abc');
    // The heartbeat counts every frame the machine has seen: the two committed chunks and the pong.
    expect(actor.getSnapshot().context.framesReceived).toBe(framesBefore + 3);
  });

  it('gives the exact final text when message_end follows buffered chunks', () => {
    const { actor, received, sent, deliver, reply, fastPath } = setup();
    deliver(chunk(1, 'The '), chunk(2, 'end'));
    deliver(chunk(3, '.'), messageEnd(3));
    expect(received).toEqual(['SERVER.CHUNKS', 'SERVER.MESSAGE_END']);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'The end.', seq: 3, status: 'complete' });
    expect(fastPath.getSnapshot().context.conversations[C]).toBe(actor.getSnapshot().context.conversations[C]);
    expect(sent).toEqual([]);
    expect(actor.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
  });

  it('commits when told (the socket closed, pagehide), and every FAST_PATH_COMMIT_MS while chunks flow', () => {
    const { clock, actor, fastPath, deliver, reply } = setup();
    deliver(chunk(1, 'a'));
    fastPath.commit();
    expect(reply(actor.getSnapshot()).text).toBe('a');
    deliver(chunk(2, 'b'));
    clock.advance(FAST_PATH_COMMIT_MS - 1);
    expect(reply(actor.getSnapshot()).text).toBe('a');
    clock.advance(1);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'ab', seq: 2 });
    expect(clock.pending).toBe(0);
  });

  it('changes nothing the app sees on commit: no notification, the same snapshot, the same reply object after', () => {
    const { actor, fastPath, deliver, reply, notifications } = setup();
    deliver(chunk(1, 'a'), chunk(2, 'b'));
    const snapshot = fastPath.getSnapshot();
    const shown = reply();
    fastPath.commit();
    expect(notifications()).toBe(1);
    expect(fastPath.getSnapshot()).toBe(snapshot);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'ab', seq: 2 });
    // The next change the machine makes is told, and the reply row still sees its object.
    deliver({ type: 'pong', t: 1 });
    expect(notifications()).toBe(2);
    expect(fastPath.getSnapshot()).not.toBe(snapshot);
    expect(reply()).toBe(shown);
  });

  it('commits the buffer when the machine stops the socket, showing its text until the machine holds it', () => {
    const { actor, received, sent, fastPath, deliver, reply } = setup();
    deliver(chunk(1, 'Hel'), chunk(2, 'lo'));
    const shown: string[] = [];
    fastPath.subscribe(() => shown.push(reply().text));
    // The socket's cleanup runs inside this transition: the commit is queued behind it by XState.
    actor.send({ type: 'BROWSER_OFFLINE', at: 0 });
    expect(actor.getSnapshot().matches('disconnected')).toBe(true);
    expect(received).toEqual(['BROWSER_OFFLINE', 'SERVER.CHUNKS']);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((text) => text === 'Hello')).toBe(true);
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'Hello', seq: 2 });
    expect(reply()).toMatchObject({ text: 'Hello', seq: 2 });
    // Folded without a socket: nothing written, nothing counted for a heartbeat.
    expect(sent).toEqual([]);
    expect(actor.getSnapshot().context.framesReceived).toBe(0);
    // The next connection resumes after the committed chunks.
    actor.send({ type: 'BROWSER_ONLINE' });
    actor.send({ type: 'SOCKET.OPEN' });
    expect(sent.find((frame) => frame.type === 'hello')).toMatchObject({ cursors: [{ conversationId: C, messageId: REPLY, lastSeq: 2 }] });
  });

  it('stops buffering a batch whose frame made the machine stop the socket', () => {
    const { actor, fastPath, reply } = setup();
    const toMachine = (delivered: FrameBatch): void => {
      for (const event of serverEvents(delivered)) actor.send(event);
    };
    fastPath.deliver(batch(chunk(1, 'a'), { type: 'error', code: 'unauthorized', message: 'no' }, chunk(2, 'b')), toMachine);
    expect(actor.getSnapshot().matches('failed')).toBe(true);
    expect(reply()).toMatchObject({ text: 'a', seq: 1 });
    expect(reply(actor.getSnapshot())).toMatchObject({ text: 'a', seq: 1 });
  });

  it('commits before invalid frames are reported, which come last as today', () => {
    const { received, fastPath, actor } = setup();
    fastPath.deliver(
      { frames: [chunk(1, 'a')], errors: [new ProtocolError('protocol/malformed', 'bad', '{')] },
      (delivered) => {
        for (const event of serverEvents(delivered)) actor.send(event);
      },
    );
    expect(received).toEqual(['SERVER.CHUNKS', 'SOCKET.INVALID']);
  });

  it('shows what the machine alone would hold, whatever the order of text and part chunks, duplicates, gaps and ends', () => {
    // A part chunk is its seq's text turned into an event (reasoning, a source, a data part that
    // replaces an earlier one): the fast path hands it to the machine after committing the buffer.
    const partOf = (seq: number, text: string): PartEvent =>
      seq % 3 === 0
        ? { kind: 'reasoning-delta', delta: text }
        : seq % 3 === 1
          ? { kind: 'source', sourceId: `s${seq}`, url: `https://e.x/${seq}` }
          : { kind: 'data', name: 'progress', id: 'p', data: seq };
    const frameArbitrary = fc.oneof(
      { weight: 8, arbitrary: fc.record({ seq: fc.integer({ min: 1, max: 12 }), text: fc.string({ maxLength: 3 }), other: fc.constant(false), part: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ seq: fc.integer({ min: 1, max: 4 }), text: fc.string({ maxLength: 3 }), other: fc.constant(true), part: fc.boolean() }) },
    );
    const toChunk = (frame: { seq: number; text: string; other: boolean; part: boolean }): ServerFrame => {
      const text = frame.other ? chunk(frame.seq, frame.text, 'a2', 'c2') : chunk(frame.seq, frame.text);
      if (!frame.part) return text;
      const { text: _text, ...envelope } = text as ChunkFrame;
      return { ...envelope, part: partOf(frame.seq, frame.text) };
    };
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.array(frameArbitrary, { minLength: 1, maxLength: 5 }).map((frames) => ({ kind: 'batch' as const, frames })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }).map((lastSeq) => ({ kind: 'end' as const, lastSeq })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'commit' as const }) },
      // The machine stops the socket itself (its cleanup commits the buffer), then connects again.
      { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const fast = setup();
        const reference = streamingActor().actor;
        for (const current of steps) {
          if (current.kind === 'commit') {
            fast.fastPath.commit();
            continue;
          }
          if (current.kind === 'offline') {
            for (const event of [{ type: 'BROWSER_OFFLINE', at: 0 }, { type: 'BROWSER_ONLINE' }, { type: 'SOCKET.OPEN' }] as const) {
              fast.actor.send(event);
              reference.send(event);
            }
            expect(fast.fastPath.getSnapshot().context.conversations).toEqual(reference.getSnapshot().context.conversations);
            continue;
          }
          const frames: ServerFrame[] =
            current.kind === 'end'
              ? [messageEnd(current.lastSeq)]
              : current.frames.map(toChunk);
          fast.deliver(...frames);
          for (const event of serverEvents(batch(...frames))) reference.send(event);
          // What the app sees equals what the machine alone holds, at every step.
          expect(fast.fastPath.getSnapshot().context.conversations).toEqual(reference.getSnapshot().context.conversations);
        }
        fast.fastPath.commit();
        expect(fast.actor.getSnapshot().context.conversations).toEqual(reference.getSnapshot().context.conversations);
        expect(fast.actor.getSnapshot().context.framesReceived).toBe(reference.getSnapshot().context.framesReceived);
      }),
      { numRuns: 300 },
    );
  });
});
