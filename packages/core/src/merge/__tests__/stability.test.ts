import { partsOfText } from '../messageParts.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../model/conversation.ts';
import type { ChatMessage } from '../../model/message.ts';
import type { ChunkFrame } from '../../protocol/frames.ts';
import { applyChunks } from '../replyStream.ts';
import { pieceOf, SIMULATED_CONVERSATION_ID, textOf } from './simulatedConversation.ts';

const numRuns = Number(process.env.FAST_CHECK_RUNS ?? 1000);
const REPLY_IDS = ['r0', 'r1', 'r2', 'r3'];

/** A conversation holding a question and up to four replies in any state, maybe following one. */
const conversationArbitrary: fc.Arbitrary<ConversationState> = fc
  .record({
    replies: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...REPLY_IDS),
        seq: fc.nat({ max: 4 }),
        status: fc.constantFrom('streaming', 'streaming', 'interrupted', 'complete', 'stopped', 'error'),
      }),
      { selector: (r) => r.id, maxLength: 4 },
    ),
    follow: fc.nat(),
    awaitingReplay: fc.boolean(),
  })
  .map(({ replies, follow, awaitingReplay }) => {
    const messages: ChatMessage[] = [
      { id: 'q', role: 'user', text: 'question', parts: partsOfText('question'), status: 'complete', createdAt: 1, index: 0 },
      ...replies.map(
        (r, i): ChatMessage => ({
          id: r.id,
          role: 'assistant',
          text: textOf(r.id, r.seq),
          parts: partsOfText(textOf(r.id, r.seq)),
          status: r.status,
          createdAt: 2,
          seq: r.seq,
          index: i + 1,
        }),
      ),
    ];
    const streaming = messages.filter((m) => m.status === 'streaming');
    const followed = streaming.length === 0 ? undefined : streaming[follow % streaming.length];
    const stream = followed === undefined ? null : { messageId: followed.id, lastSeq: followed.seq ?? 0, awaitingReplay };
    return {
      conversationId: SIMULATED_CONVERSATION_ID,
      messages,
      status: stream === null ? 'idle' : 'streaming',
      loaded: true,
      stream,
    } satisfies ConversationState;
  });

/** Chunks for held replies, a reply not held yet (`r9`) and the user message, any seq, any order. */
const chunksArbitrary: fc.Arbitrary<ChunkFrame[]> = fc.array(
  fc.record({ messageId: fc.constantFrom(...REPLY_IDS, 'r9', 'q'), seq: fc.integer({ min: 1, max: 7 }) }).map(
    ({ messageId, seq }): ChunkFrame => ({
      type: 'chunk',
      conversationId: SIMULATED_CONVERSATION_ID,
      messageId,
      seq,
      text: pieceOf(messageId, seq),
    }),
  ),
  { maxLength: 12 },
);

function sameContent(a: ConversationState, b: ConversationState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Bounded and synchronous: no timer can stop it mid-run, so a wall-clock limit would only measure
// how busy the machine is (the model walk took 4 s quiet and 21 s loaded). No per-test timeout.
describe('applyChunks under duplication', { timeout: 0 }, () => {
  it('ignores any chunk already applied, returning the same conversation', () => {
    fc.assert(
      fc.property(conversationArbitrary, chunksArbitrary, fc.nat(), (before, chunks, rotate) => {
        const after = applyChunks(before, chunks).conversation;
        const held = new Map(after.messages.map((m) => [m.id, m.seq ?? 0]));
        const applied = chunks.filter((c) => c.seq <= (held.get(c.messageId) ?? 0));
        const replayed = applied.map((_, i) => applied[(i + rotate) % applied.length] as ChunkFrame);

        const again = applyChunks(after, replayed);

        expect(again.conversation).toBe(after);
        expect(again.replayFrom).toBeNull();
      }),
      { numRuns },
    );
  });

  it('changes nothing when a batch in seq order is delivered twice', () => {
    fc.assert(
      fc.property(conversationArbitrary, chunksArbitrary, (before, chunks) => {
        const inOrder = [...chunks].sort((a, b) => a.seq - b.seq);
        const once = applyChunks(before, inOrder).conversation;

        expect(applyChunks(once, inOrder).conversation).toBe(once);
      }),
      { numRuns },
    );
  });

  it('gives the same text whether chunks arrive in one batch or one by one', () => {
    fc.assert(
      fc.property(conversationArbitrary, chunksArbitrary, (before, chunks) => {
        const batched = applyChunks(before, chunks).conversation;
        const oneByOne = chunks.reduce((state, chunk) => applyChunks(state, [chunk]).conversation, before);

        expect(batched.messages).toEqual(oneByOne.messages);
        expect(batched.stream?.messageId).toBe(oneByOne.stream?.messageId);
        expect(batched.stream?.lastSeq).toBe(oneByOne.stream?.lastSeq);
      }),
      { numRuns },
    );
  });
});

describe('applyChunks identity', { timeout: 0 }, () => {
  it('keeps the identity of every message no chunk changed, and of the whole conversation when none did', () => {
    fc.assert(
      fc.property(conversationArbitrary, chunksArbitrary, (before, chunks) => {
        const after = applyChunks(before, chunks).conversation;

        before.messages.forEach((message, i) => {
          const next = after.messages[i];
          expect(next?.id).toBe(message.id);
          if (JSON.stringify(next) === JSON.stringify(message)) expect(next).toBe(message);
        });
        if (after.messages.length === before.messages.length && after.messages.every((m, i) => m === before.messages[i])) {
          expect(after.messages).toBe(before.messages);
        }
        if (sameContent(after, before)) expect(after).toBe(before);
        if (before.stream !== null && JSON.stringify(after.stream) === JSON.stringify(before.stream)) {
          expect(after.stream).toBe(before.stream);
        }
      }),
      { numRuns },
    );
  });
});
