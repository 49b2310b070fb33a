import fc from 'fast-check';
import { ERROR_CODES } from '@rejoin/core';

/**
 * Valid server frames over a handful of ids, so that a sequence of them keeps meeting the same
 * conversations and messages (starts, chunks in and out of order, ends, histories that disagree).
 */
const conversationId = fc.constantFrom('c1', 'c2');
const messageId = fc.constantFrom('a1', 'a2', 'u1', 'u2');
const seq = fc.integer({ min: 1, max: 8 });
const count = fc.integer({ min: 0, max: 8 });
const text = fc.constantFrom('', 'Hi', ' there', '🎉', 'x'.repeat(50));
const cursor = fc.record({ conversationId, messageId, lastSeq: count });

const historyMessage = fc.record(
  {
    id: messageId,
    role: fc.constantFrom('user', 'assistant'),
    text,
    status: fc.constantFrom('complete', 'streaming', 'stopped', 'error'),
    createdAt: count,
    seq: count,
    replyTo: messageId,
  },
  { requiredKeys: ['id', 'role', 'text', 'status', 'createdAt'] },
);

export const serverFrameArbitrary: fc.Arbitrary<Readonly<Record<string, unknown>>> = fc.oneof(
  fc.record({
    type: fc.constant('welcome'),
    v: fc.constant(1),
    sessionId: fc.constant('s1'),
    activeStreams: fc.array(fc.record({ conversationId, messageId, lastSeq: count, startedAt: count }), { maxLength: 2 }),
    lostStreams: fc.array(cursor, { maxLength: 2 }),
    limits: fc.constant({ maxFrameBytes: 1_048_576, maxMessageChars: 32_000 }),
    heartbeatMs: fc.constant(15_000),
  }),
  fc.record({
    type: fc.constant('conversation'),
    conversationId,
    status: fc.constantFrom('idle', 'streaming', 'errored'),
    messages: fc.array(historyMessage, { maxLength: 4 }),
    activeStream: fc.option(fc.record({ messageId, lastSeq: count }), { nil: null }),
  }),
  fc.record({
    type: fc.constant('conversations'),
    conversations: fc.array(
      fc.record({ conversationId, title: text, status: fc.constantFrom('idle', 'streaming', 'errored'), updatedAt: count, messageCount: count }),
      { maxLength: 3 },
    ),
  }),
  fc.record({ type: fc.constant('ack'), conversationId, messageId, index: count, createdAt: count, duplicate: fc.boolean() }),
  fc.record({ type: fc.constant('message_start'), conversationId, messageId, replyTo: messageId, index: count, createdAt: count }),
  fc.record({ type: fc.constant('chunk'), conversationId, messageId, seq, text }),
  fc.record({ type: fc.constant('chunk'), conversationId, messageId, seq, text }),
  fc.record({
    type: fc.constant('message_end'),
    conversationId,
    messageId,
    finishReason: fc.constantFrom('complete', 'stopped', 'error'),
    lastSeq: count,
  }),
  fc.record(
    {
      type: fc.constant('error'),
      code: fc.constantFrom(...ERROR_CODES, 'quota_exceeded'),
      message: text,
      conversationId,
      messageId,
      fatal: fc.boolean(),
      retryAfterMs: count,
    },
    { requiredKeys: ['type', 'code', 'message'] },
  ),
  fc.record({ type: fc.constantFrom('ping', 'pong'), t: count }),
);
