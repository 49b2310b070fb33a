import { describe, expect, it } from 'vitest';
import { defaultChatConfig } from '../chatConfig.ts';
import { createInitialContext, type ChatContext } from '../chatContext.ts';
import {
  applyAckFrame,
  applyChunkFrames,
  applyConversation,
  applyMessageEndFrame,
  applyMessageStartFrame,
  applyServerError,
  applyWelcome,
  refusesLoad,
} from '../applyServerFrames.ts';
import { serverEvents } from '../serverEvents.ts';
import type { ChunkFrame, WelcomeFrame } from '../../protocol/frames.ts';
import { ProtocolError } from '../../errors/RejoinError.ts';

function context(overrides: Partial<ChatContext> = {}): ChatContext {
  return { ...createInitialContext({ config: defaultChatConfig, clientId: 'client-1', jitterSeed: 1 }), ...overrides };
}

const welcome: WelcomeFrame = {
  type: 'welcome',
  v: 1,
  sessionId: 's1',
  activeStreams: [],
  lostStreams: [],
  limits: { maxFrameBytes: 1_048_576, maxMessageChars: 10 },
  heartbeatMs: 30_000,
};

const chunk = (conversationId: string, seq: number, text = `t${seq}`): ChunkFrame => ({ type: 'chunk', conversationId, messageId: `a-${conversationId}`, seq, text });

/** A conversation c1 whose reply a1 is streaming, seen up to `lastSeq`. */
function streaming(lastSeq: number): ChatContext {
  let next = applyConversation(context(), { type: 'conversation', conversationId: 'c1', status: 'idle', messages: [], activeStream: null }).context;
  next = applyMessageStartFrame(next, { type: 'message_start', conversationId: 'c1', messageId: 'a-c1', replyTo: 'u1', index: 1, createdAt: 2 }).context;
  const seqs = Array.from({ length: lastSeq }, (_, index) => chunk('c1', index + 1));
  return applyChunkFrames(next, seqs).context;
}

describe('applyWelcome', () => {
  it('sends the outbox, the stops typed offline, the open conversation’s load and a list, in one burst', () => {
    const before = context({
      openConversationId: 'c1',
      outbox: [{ conversationId: 'c1', messageId: 'u1', text: 'hi', createdAt: 0 }],
      pendingStops: ['c2'],
      attempt: 3,
    });
    const { context: next, outgoing } = applyWelcome(before, welcome);
    expect(outgoing.map((frame) => frame.type)).toEqual(['send', 'stop', 'load', 'list']);
    expect(next.outbox[0]?.sent).toBe(true);
    expect(next.pendingStops).toEqual([]);
    expect(next.pendingLoad).toBe('c1');
    expect(next.attempt).toBe(0);
  });

  it('fails a queued message over the announced limit instead of sending it', () => {
    const before = context({ outbox: [{ conversationId: 'c1', messageId: 'u1', text: 'far too long for ten', createdAt: 0 }] });
    const { context: next, outgoing } = applyWelcome(before, welcome);
    expect(outgoing.map((frame) => frame.type)).toEqual(['list']);
    expect(next.outbox).toEqual([]);
    expect(next.errors.map((error) => error.code)).toEqual(['usage/invalid']);
  });

  it('follows from the start a reply the server streams where hello had no cursor', () => {
    const frame: WelcomeFrame = { ...welcome, activeStreams: [{ conversationId: 'c9', messageId: 'a9', lastSeq: 4, startedAt: 1 }] };
    const { outgoing } = applyWelcome(context(), frame);
    expect(outgoing).toContainEqual({ type: 'subscribe', conversationId: 'c9', messageId: 'a9', lastSeq: 0 });
  });
});

describe('applyConversation', () => {
  it('merges the history and settles the pending load only for that conversation', () => {
    const frame = { type: 'conversation', conversationId: 'c1', status: 'idle', messages: [], activeStream: null } as const;
    expect(applyConversation(context({ pendingLoad: 'c1' }), frame).context.pendingLoad).toBeNull();
    const other = applyConversation(context({ pendingLoad: 'c2' }), frame).context;
    expect(other.pendingLoad).toBe('c2');
    expect(other.conversations['c1']?.loaded).toBe(true);
  });
});

describe('applyAckFrame', () => {
  it('takes the message out of the outbox and asks for the list after a first message', () => {
    const before = context({ outbox: [{ conversationId: 'c1', messageId: 'u1', text: 'hi', createdAt: 0, sent: true }] });
    const { context: next, outgoing } = applyAckFrame(before, { type: 'ack', conversationId: 'c1', messageId: 'u1', index: 0, createdAt: 1, duplicate: false });
    expect(next.outbox).toEqual([]);
    expect(outgoing).toEqual([{ type: 'list' }]);
  });
});

describe('applyMessageStartFrame', () => {
  it('records the active stream, and reloads a loaded history that lacks the question', () => {
    const loaded = applyConversation(context(), { type: 'conversation', conversationId: 'c1', status: 'idle', messages: [], activeStream: null }).context;
    const { context: next, outgoing } = applyMessageStartFrame(loaded, { type: 'message_start', conversationId: 'c1', messageId: 'a1', replyTo: 'u-elsewhere', index: 1, createdAt: 2 });
    expect(next.activeStreams['c1']?.messageId).toBe('a1');
    expect(outgoing).toEqual([{ type: 'load', conversationId: 'c1' }]);
  });
});

describe('applyChunkFrames', () => {
  it('appends chunks in order, ignores a duplicate, and asks for a replay at a gap', () => {
    const before = streaming(2);
    const { context: next, outgoing } = applyChunkFrames(before, [chunk('c1', 2, 'dup'), chunk('c1', 3), chunk('c1', 5)]);
    expect(next.conversations['c1']?.messages.at(-1)?.text).toBe('t1t2t3');
    expect(outgoing).toEqual([{ type: 'subscribe', conversationId: 'c1', messageId: 'a-c1', lastSeq: 3 }]);
  });

  it('copies the conversations record once, and leaves other conversations untouched', () => {
    const before = streaming(1);
    const next = applyChunkFrames(before, [chunk('c1', 2), chunk('c1', 3)]).context;
    expect(next.conversations).not.toBe(before.conversations);
    expect(applyChunkFrames(next, []).context).toBe(next);
  });
});

describe('applyMessageEndFrame', () => {
  it('ends the followed reply and forgets its active stream', () => {
    const before = streaming(2);
    const { context: next, outgoing } = applyMessageEndFrame(before, { type: 'message_end', conversationId: 'c1', messageId: 'a-c1', finishReason: 'complete', lastSeq: 2 });
    expect(next.conversations['c1']?.stream).toBeNull();
    expect(next.activeStreams['c1']).toBeUndefined();
    expect(outgoing).toEqual([]);
  });
});

describe('applyServerError and refusesLoad', () => {
  it('treats not_found for the pending load as a conversation that is unavailable, with no error shown', () => {
    const frame = { type: 'error', code: 'not_found', message: 'no', conversationId: 'c1' } as const;
    expect(refusesLoad(frame, 'c1')).toBe(true);
    expect(refusesLoad(frame, 'c2')).toBe(false);
    expect(refusesLoad({ ...frame, messageId: 'u1' }, 'c1')).toBe(false);
    const next = applyServerError(context({ pendingLoad: 'c1' }), frame).context;
    expect(next.pendingLoad).toBeNull();
    expect(next.conversations['c1']?.status).toBe('unavailable');
    expect(next.errors).toEqual([]);
  });

  it('remembers a rate-limited send for the paced resend', () => {
    const before = context({ outbox: [{ conversationId: 'c1', messageId: 'u1', text: 'hi', createdAt: 0, sent: true }] });
    const next = applyServerError(before, { type: 'error', code: 'rate_limited', message: 'slow', conversationId: 'c1', messageId: 'u1', retryAfterMs: 70 }).context;
    expect(next.throttledSends).toEqual(['u1']);
    expect(next.retryAfterMs).toBe(70);
  });
});

describe('serverEvents', () => {
  it('turns a batch into one event per control frame and one per run of chunks, in order, invalid frames last', () => {
    const invalid = new ProtocolError('protocol/malformed', 'bad', '{');
    const events = serverEvents({
      frames: [chunk('c1', 1), chunk('c1', 2), { type: 'message_end', conversationId: 'c1', messageId: 'a-c1', finishReason: 'complete', lastSeq: 2 }, welcome, { type: 'pong', t: 1 }, chunk('c2', 1)],
      errors: [invalid],
    });
    expect(events.map((event) => event.type)).toEqual(['SERVER.CHUNKS', 'SERVER.MESSAGE_END', 'SERVER.WELCOME', 'SERVER.PONG', 'SERVER.CHUNKS', 'SOCKET.INVALID']);
    expect(events[0]).toEqual({ type: 'SERVER.CHUNKS', frames: [chunk('c1', 1), chunk('c1', 2)] });
  });
});

describe('applyChunkFrames with part chunks', () => {
  it('reports a tool event for a call the reply lacks as a typed ProtocolError, consuming its seq', () => {
    const before = streaming(2);
    const stray: ChunkFrame = { type: 'chunk', conversationId: 'c1', messageId: 'a-c1', seq: 3, part: { kind: 'tool-output', toolCallId: 'ghost', output: 1 } };
    const { context: after, outgoing } = applyChunkFrames(before, [stray, chunk('c1', 4)]);
    expect(outgoing).toEqual([]);
    expect(after.conversations['c1']!.messages.find((message) => message.id === 'a-c1')).toMatchObject({ seq: 4, text: 't1t2t4' });
    const error = after.errors.at(-1);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error?.message).toContain('tool call ghost');
  });

  it('records the session version from welcome and sends queued approvals only to a v2 server', () => {
    const approval = { conversationId: 'c1', messageId: 'a-c1', toolCallId: 'call_1', approved: true } as const;
    const v2 = applyWelcome(context({ approvals: [approval] }), { ...welcome, v: 2 });
    expect(v2.context.sessionVersion).toBe(2);
    expect(v2.outgoing).toContainEqual({ type: 'approve', ...approval });
    const v1 = applyWelcome(context({ approvals: [approval] }), welcome);
    expect(v1.outgoing.some((frame) => frame.type === 'approve')).toBe(false);
    expect(v1.context.approvals).toEqual([]);
    expect(v1.context.errors.at(-1)?.code).toBe('usage/unsupported');
  });
});
