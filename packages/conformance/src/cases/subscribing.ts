import { check } from '../suite/CaseFailure.ts';
import { checkContiguous, framesOf } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §9 Subscribing and unsubscribing. */
export const SUBSCRIBING_CASES = [
  defineCase({
    id: 'subscribe.mid-stream',
    section: '9',
    title: 'subscribe mid-stream replays exactly the chunks after lastSeq, then live ones, then message_end',
    async run(context) {
      const a = await context.join();
      const reply = await context.startReply(a.client, '9');
      await context.waitChunk(a.client, '9', reply.messageId, 2, 0);
      const b = await context.join();
      const from = b.client.mark();
      b.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 1 });
      const stream = await context.readStream(b.client, '9', reply.messageId, from);
      checkContiguous(stream.chunks, 1, '9', 'subscribe from 1');
      check(stream.end.lastSeq === 1 + stream.chunks.length, '9', `message_end.lastSeq ${stream.end.lastSeq} after chunks to ${1 + stream.chunks.length}`);
    },
  }),
  defineCase({
    id: 'subscribe.finished-from-zero',
    section: '9',
    title: 'subscribe with lastSeq 0 to a finished stream replays every chunk, then message_end',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      const stream = await context.readStream(client, '9', reply.messageId, from);
      checkContiguous(stream.chunks, 0, '9', 'subscribe from 0 to a finished stream');
      check(stream.chunks.length === reply.end.lastSeq && stream.end.finishReason === reply.end.finishReason, '9', 'the replay differs from the stream');
    },
  }),
  defineCase({
    id: 'subscribe.resubscribe-lower',
    section: '9',
    title: 'a second subscribe from a lower lastSeq replaces the first: the replay restarts from there',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const high = Math.max(1, reply.end.lastSeq - 1);
      let from = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: high });
      const first = await context.readStream(client, '9', reply.messageId, from);
      checkContiguous(first.chunks, high, '9', `subscribe from ${high}`);
      from = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      const second = await context.readStream(client, '9', reply.messageId, from);
      checkContiguous(second.chunks, 0, '9', 're-subscribe from 0');
      check(second.chunks.length === reply.end.lastSeq, '9', `re-subscribe from 0 replayed ${second.chunks.length} of ${reply.end.lastSeq} chunks`);
    },
  }),
  defineCase({
    id: 'subscribe.unknown-stream',
    section: '9',
    title: 'subscribe to a stream the server does not know, in an own conversation, gets stream_not_found with both ids',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const messageId = context.newId('as');
      const from = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId, lastSeq: 0 });
      const error = await context.waitError(client, '9', 'an error for an unknown stream', from);
      check(error.code === 'stream_not_found', '9', `an unknown stream got ${error.code}`);
      check(error.conversationId === reply.conversationId && error.messageId === messageId, '9', 'stream_not_found does not carry both ids');
    },
  }),
  defineCase({
    id: 'subscribe.unknown-conversation',
    section: '9',
    title: 'subscribe in an unknown conversation gets not_found',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'subscribe', conversationId: context.newId('cv'), messageId: context.newId('as'), lastSeq: 0 });
      const error = await context.waitError(client, '9', 'an error for an unknown conversation', from);
      check(error.code === 'not_found', '9', `subscribe in an unknown conversation got ${error.code}`);
    },
  }),
  defineCase({
    id: 'subscribe.follows-next-reply',
    section: '9',
    title: "after subscribe the connection follows the conversation: the next reply's message_start arrives",
    async run(context) {
      const a = await context.join();
      const reply = await context.completeReply(a.client, '8');
      const b = await context.join();
      const from = b.client.mark();
      b.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq });
      await context.readStream(b.client, '9', reply.messageId, from);
      const next = await context.startReply(a.client, '9', { conversationId: reply.conversationId });
      await b.client.waitFor('9', (frame) => frame.type === 'message_start' && frame.messageId === next.messageId, "the next reply's message_start", from);
    },
  }),
  defineCase({
    id: 'unsubscribe.stops-live-frames',
    section: '9',
    title: 'after unsubscribe no frame of the conversation arrives, and the generation keeps running to complete',
    async run(context) {
      const a = await context.join();
      const b = await context.join();
      const reply = await context.startReply(a.client, '9');
      b.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      await context.waitChunk(b.client, '9', reply.messageId, 1, 0);
      b.client.send({ type: 'unsubscribe', conversationId: reply.conversationId });
      const cut = await b.client.barrier('9');
      const own = await context.readStream(a.client, '9', reply.messageId, 0);
      check(own.end.finishReason === 'complete', '9', `after an unsubscribe the reply ended ${own.end.finishReason}`);
      await b.client.barrier('9');
      const late = framesOf(b.client.frames.slice(cut + 1), reply.messageId);
      check(late.length === 0, '9', `${late.length} frames of the conversation arrived after unsubscribe`);
    },
  }),
  defineCase({
    id: 'unsubscribe.not-followed',
    section: '9',
    title: 'unsubscribe from a conversation the connection does not follow is not answered',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'unsubscribe', conversationId: context.newId('cv') });
      const barrier = await client.barrier('9');
      const answers = client.answersBetween(from, barrier);
      check(answers.length === 0, '9', `unsubscribe was answered ${JSON.stringify(answers[0])}`);
    },
  }),
];
