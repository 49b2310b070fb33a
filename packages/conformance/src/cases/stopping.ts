import { check } from '../suite/CaseFailure.ts';
import { checkContiguous, framesOf } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §10 Stopping a generation. */
export const STOPPING_CASES = [
  defineCase({
    id: 'stop.mid-stream',
    section: '10',
    title: 'stop ends the reply with message_end stopped, lastSeq the last chunk sent, to every follower; the partial text stays as stopped',
    async run(context) {
      const a = await context.join();
      const reply = await context.startReply(a.client, '10');
      const b = await context.join();
      b.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      const seen = await context.waitChunk(a.client, '10', reply.messageId, 1, 0);
      check(seen.type === 'chunk', '10', 'the reply ended before its first chunk; give a longer prompt');
      a.client.send({ type: 'stop', conversationId: reply.conversationId, messageId: reply.messageId });
      const own = await context.readStream(a.client, '10', reply.messageId, 0);
      check(own.end.finishReason === 'stopped', '10', `a stopped reply ended ${own.end.finishReason} (if complete: the reply finished before stop arrived; give a longer prompt)`);
      checkContiguous(own.chunks, 0, '10', 'chunks before stop');
      check(own.end.lastSeq === own.chunks.length, '10', `message_end.lastSeq ${own.end.lastSeq} after ${own.chunks.length} chunks`);
      const other = await context.readStream(b.client, '10', reply.messageId, 0);
      check(other.end.finishReason === 'stopped' && other.end.lastSeq === own.end.lastSeq, '10', 'another follower saw a different end');
      await a.client.barrier('10');
      check(framesOf(a.client.frames.slice(own.endIndex + 1), reply.messageId).length === 0, '10', 'a chunk followed message_end stopped');
      const from = a.client.mark();
      a.client.send({ type: 'load', conversationId: reply.conversationId });
      const loaded = await a.client.waitFor('10', (frame) => frame.type === 'conversation', 'the conversation', from);
      const message = loaded.type === 'conversation' ? loaded.messages.find((item) => item.id === reply.messageId) : undefined;
      check(message?.status === 'stopped', '10', `the stopped reply is stored as ${String(message?.status)}`);
      check(message.text === own.chunks.map((chunk) => chunk.text).join(''), '10', 'the stopped reply text is not its chunks');
    },
  }),
  defineCase({
    id: 'stop.without-message-id',
    section: '10',
    title: 'stop without messageId stops whatever the conversation is generating',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.startReply(client, '10');
      await context.waitChunk(client, '10', reply.messageId, 1, 0);
      client.send({ type: 'stop', conversationId: reply.conversationId });
      const stream = await context.readStream(client, '10', reply.messageId, 0);
      check(stream.end.finishReason === 'stopped', '10', `stop without messageId: the reply ended ${stream.end.finishReason}`);
    },
  }),
  defineCase({
    id: 'stop.idempotent',
    section: '10',
    title: 'stop of a reply that already ended does nothing and sends nothing',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'stop', conversationId: reply.conversationId, messageId: reply.messageId });
      const barrier = await client.barrier('10');
      const answers = client.answersBetween(from, barrier);
      check(answers.length === 0, '10', `stop of an ended reply was answered ${JSON.stringify(answers[0])}`);
    },
  }),
  defineCase({
    id: 'stop.unknown-conversation',
    section: '10',
    title: 'stop naming a conversation that does not exist is answered not_found with its conversationId',
    async run(context) {
      const { client } = await context.join();
      const conversationId = context.newId('cv');
      const from = client.mark();
      client.send({ type: 'stop', conversationId });
      const error = await context.waitError(client, '10', 'an error for stop of an unknown conversation', from);
      check(error.code === 'not_found' && error.conversationId === conversationId, '10', `stop of an unknown conversation got ${JSON.stringify(error)}`);
    },
  }),
  defineCase({
    id: 'stop.nothing-generating',
    section: '10',
    title: 'stop naming a message that is not generating, in an own conversation, sends nothing',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'stop', conversationId: reply.conversationId, messageId: context.newId('as') });
      client.send({ type: 'stop', conversationId: reply.conversationId });
      const barrier = await client.barrier('10');
      const answers = client.answersBetween(from, barrier);
      check(answers.length === 0, '10', `stop of nothing was answered ${JSON.stringify(answers[0])}`);
    },
  }),
  defineCase({
    id: 'stop.queued-still-answered',
    section: '10',
    title: 'a user message queued behind a stopped reply is still answered',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.startReply(client, '10');
      const queuedId = context.newId('us');
      const from = client.mark();
      client.send({ type: 'send', conversationId: reply.conversationId, messageId: queuedId, text: 'A follow-up.' });
      await context.waitAck(client, '10', queuedId, from);
      client.send({ type: 'stop', conversationId: reply.conversationId, messageId: reply.messageId });
      await context.readStream(client, '10', reply.messageId, 0);
      const next = await client.waitFor('10', (frame) => frame.type === 'message_start' && frame.replyTo === queuedId, 'the reply to the queued message', from);
      if (next.type === 'message_start') await context.readStream(client, '10', next.messageId, from);
    },
  }),
  defineCase({
    id: 'stop.disconnect-is-not-stop',
    section: '10',
    title: 'closing the connection that started a reply does not stop it: another connection sees it end complete',
    async run(context) {
      const a = await context.join();
      const b = await context.join();
      const reply = await context.startReply(a.client, '10');
      b.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      await context.waitChunk(b.client, '10', reply.messageId, 1, 0);
      a.client.close();
      const stream = await context.readStream(b.client, '10', reply.messageId, 0);
      check(stream.end.finishReason === 'complete', '10', `closing the sender's connection ended the reply ${stream.end.finishReason}`);
    },
  }),
];
