import type { ConversationFrame } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import { checkContiguous, framesOf } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §8 Streaming a reply, §5 Following conversations. */
export const STREAMING_CASES = [
  defineCase({
    id: 'stream.contiguous-seqs',
    section: '8',
    title: 'a reply is message_start, chunks with seqs contiguous from 1, then message_end complete whose lastSeq is the last seq',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      checkContiguous(reply.chunks, 0, '8', 'the live stream');
      check(reply.chunks.length >= context.options.minChunks, '8', `the reply had ${reply.chunks.length} chunks, fewer than minChunks ${context.options.minChunks}`);
      check(reply.end.finishReason === 'complete', '8', `the reply ended ${reply.end.finishReason}`);
      check(reply.end.lastSeq === reply.chunks.length, '8', `message_end.lastSeq ${reply.end.lastSeq} after ${reply.chunks.length} chunks`);
      const frames = framesOf(client.frames, reply.messageId);
      check(frames[0]?.type === 'message_start', '8', 'a chunk arrived before message_start');
      check(frames.at(-1)?.type === 'message_end', '8', 'a frame of the message arrived after message_end');
    },
  }),
  defineCase({
    id: 'stream.no-chunk-after-end',
    section: '8',
    title: 'no chunk of a message is sent after its message_end',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      await client.barrier('8');
      const late = client.frames.slice(reply.endIndex + 1).filter((frame) => frame.type === 'chunk' && frame.messageId === reply.messageId);
      check(late.length === 0, '8', `${late.length} chunks arrived after message_end`);
    },
  }),
  defineCase({
    id: 'stream.text-matches-history',
    section: '8',
    title: "the message's text in the history is the concatenation of its chunks in seq order, with status complete",
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'load', conversationId: reply.conversationId });
      const loaded = await client.waitFor('6', (frame): frame is ConversationFrame => frame.type === 'conversation', 'the conversation', from);
      const message = loaded.messages.find((item) => item.id === reply.messageId);
      check(message !== undefined, '6', 'the finished reply is missing from the history');
      check(message.text === reply.chunks.map((chunk) => chunk.text).join(''), '8', 'the history text is not the concatenation of the chunks');
      check(message.status === 'complete' && message.role === 'assistant', '6', `the finished reply is ${message.role}/${message.status}`);
      check(message.seq === reply.end.lastSeq, '6', `history seq ${String(message.seq)}, stream lastSeq ${reply.end.lastSeq}`);
    },
  }),
  defineCase({
    id: 'follow.other-connection',
    section: '5',
    title: "every connection of the user that follows the conversation receives the reply's message_start, chunks and message_end",
    async run(context) {
      const a = await context.join();
      const first = await context.completeReply(a.client, '8');
      const b = await context.join();
      const from = b.client.mark();
      b.client.send({ type: 'load', conversationId: first.conversationId });
      await b.client.waitFor('6', (frame) => frame.type === 'conversation', 'the conversation', from);
      const next = await context.startReply(a.client, '5', { conversationId: first.conversationId });
      const seen = await context.readStream(b.client, '5', next.messageId, from);
      const own = await context.readStream(a.client, '5', next.messageId, 0);
      checkContiguous(seen.chunks, 0, '5', 'the stream on the other connection');
      check(seen.end.lastSeq === own.end.lastSeq, '5', 'the two connections saw different ends');
    },
  }),
  defineCase({
    id: 'follow.list-does-not-follow',
    section: '6',
    title: 'a list does not make the connection follow anything',
    async run(context) {
      const a = await context.join();
      const b = await context.join();
      await b.client.barrier('6');
      const reply = await context.completeReply(a.client, '6');
      await b.client.barrier('6');
      check(framesOf(b.client.frames, reply.messageId).length === 0, '6', 'a connection that only listed received the reply');
    },
  }),
];
