import type { ConversationFrame, ConversationsFrame } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import { checkContiguous } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';
import type { ProtocolClient } from '../client/ProtocolClient.ts';

async function load(client: ProtocolClient, conversationId: string, limit?: number): Promise<ConversationFrame> {
  const from = client.mark();
  client.send({ type: 'load', conversationId, ...(limit === undefined ? {} : { limit }) });
  const answer = await client.waitFor('6', (frame) => (frame.type === 'conversation' || frame.type === 'error') && frame.conversationId === conversationId, `an answer to load ${conversationId}`, from);
  check(answer.type === 'conversation', '6', `load of the user's own conversation was answered ${JSON.stringify(answer)}`);
  return answer;
}

/** §6 Loading and listing conversations. */
export const LOADING_CASES = [
  defineCase({
    id: 'load.finished',
    section: '6',
    title: 'load of a finished conversation: idle, activeStream null, messages oldest first, the user message replyTo the reply',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const loaded = await load(client, reply.conversationId);
      check(loaded.status === 'idle' && loaded.activeStream === null, '6', `a finished conversation is ${loaded.status} with activeStream ${JSON.stringify(loaded.activeStream)}`);
      check(loaded.messages.map((message) => message.id).join() === [reply.userMessageId, reply.messageId].join(), '6', `messages are ${loaded.messages.map((message) => message.id).join()}`);
      const user = loaded.messages[0];
      check(user?.role === 'user' && user.status === 'complete' && user.text === context.options.prompt, '6', 'the user message is not stored as sent');
      check(user.replyTo === reply.messageId, '6', `the user message's replyTo is ${String(user.replyTo)}`);
      check(user.createdAt === reply.ack.createdAt, '7', 'the stored createdAt differs from the ack');
    },
  }),
  defineCase({
    id: 'load.mid-stream',
    section: '6',
    title: 'load mid-stream: streaming, the message holds chunks 1..activeStream.lastSeq, and the next chunk on the connection is lastSeq + 1',
    async run(context) {
      const a = await context.join();
      const reply = await context.startReply(a.client, '6');
      await context.waitChunk(a.client, '6', reply.messageId, 1, 0);
      const b = await context.join();
      const loaded = await load(b.client, reply.conversationId);
      const own = await context.readStream(a.client, '6', reply.messageId, 0);
      const message = loaded.messages.find((item) => item.id === reply.messageId);
      check(message !== undefined, '6', 'the reply is missing from the loaded history');
      if (loaded.activeStream === null) {
        // The reply ended before the load: then it is complete, and nothing more is sent.
        check(message.status === 'complete' && loaded.status === 'idle', '6', `a finished reply loaded as ${message.status}/${loaded.status}`);
        return;
      }
      const lastSeq = loaded.activeStream.lastSeq;
      check(loaded.status === 'streaming' && loaded.activeStream.messageId === reply.messageId, '6', `status ${loaded.status}, activeStream ${JSON.stringify(loaded.activeStream)}`);
      check(message.status === 'streaming' && message.seq === lastSeq, '6', `the streaming message is ${message.status} with seq ${String(message.seq)}, activeStream.lastSeq ${lastSeq}`);
      const expectedText = own.chunks.filter((chunk) => chunk.seq <= lastSeq).map((chunk) => chunk.text).join('');
      check(message.text === expectedText, '6', 'the streaming message text is not chunks 1..lastSeq');
      const after = await context.readStream(b.client, '6', reply.messageId, b.client.frames.indexOf(loaded) + 1);
      checkContiguous(after.chunks, lastSeq, '6', 'chunks after load');
    },
  }),
  defineCase({
    id: 'load.limit',
    section: '6',
    title: 'load with limit 1 returns only the most recent message',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const loaded = await load(client, reply.conversationId, 1);
      check(loaded.messages.length === 1 && loaded.messages[0]?.id === reply.messageId, '6', `load limit 1 returned ${loaded.messages.map((message) => message.id).join()}`);
    },
  }),
  defineCase({
    id: 'load.unknown',
    section: '6',
    title: 'load of an unknown conversation is answered not_found with its conversationId',
    async run(context) {
      const { client } = await context.join();
      const conversationId = context.newId('cv');
      const from = client.mark();
      client.send({ type: 'load', conversationId });
      const error = await context.waitError(client, '6', 'an error for an unknown conversation', from);
      check(error.code === 'not_found' && error.conversationId === conversationId, '6', `load of an unknown conversation got ${JSON.stringify(error)}`);
    },
  }),
  defineCase({
    id: 'load.watch-new-conversation',
    section: '6',
    title: "a conversation loaded before it exists is watched: when the user's other tab sends into it, the reply arrives from message_start",
    async run(context) {
      const watcher = await context.join();
      const conversationId = context.newId('cv');
      const from = watcher.client.mark();
      watcher.client.send({ type: 'load', conversationId });
      const error = await context.waitError(watcher.client, '6', 'not_found for a conversation that does not exist yet', from);
      check(error.code === 'not_found', '6', `load of a new conversation got ${error.code}`);
      const sender = await context.join();
      const reply = await context.startReply(sender.client, '6', { conversationId });
      const stream = await context.readStream(watcher.client, '6', reply.messageId, from);
      check(watcher.client.frames.some((frame) => frame.type === 'message_start' && frame.messageId === reply.messageId), '6', 'the watching connection missed message_start');
      checkContiguous(stream.chunks, 0, '6', 'the reply on the watching connection');
    },
  }),
  defineCase({
    id: 'list.order-and-fields',
    section: '6',
    title: "list answers the user's conversations most recently updated first, with status and messageCount",
    async run(context) {
      const { client } = await context.join();
      const older = await context.completeReply(client, '8');
      const newer = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'list' });
      const list = await client.waitFor('6', (frame): frame is ConversationsFrame => frame.type === 'conversations', 'conversations', from);
      const ids = list.conversations.map((summary) => summary.conversationId);
      check(ids.includes(older.conversationId) && ids.includes(newer.conversationId), '6', `list misses a conversation: ${ids.join()}`);
      check(ids.indexOf(newer.conversationId) < ids.indexOf(older.conversationId), '6', 'list is not most recently updated first');
      for (const summary of list.conversations.filter((item) => item.conversationId === older.conversationId || item.conversationId === newer.conversationId)) {
        check(summary.messageCount === 2 && summary.status === 'idle', '6', `summary ${JSON.stringify(summary)} should have 2 messages and be idle`);
      }
      const sorted = [...list.conversations].every((summary, index, all) => index === 0 || (all[index - 1]?.updatedAt ?? 0) >= summary.updatedAt);
      check(sorted, '6', 'updatedAt does not decrease down the list');
    },
  }),
  defineCase({
    id: 'load.errored-status',
    section: '8',
    title: "a reply that fails ends with finishReason error, and the conversation's status is errored",
    skipUnless: (options) => (options.errorPrompt === null ? 'no prompt that makes the model fail was given (errorPrompt)' : null),
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      const started = await context.startReply(client, '8', { text: context.options.errorPrompt ?? '' });
      const stream = await context.readStream(client, '8', started.messageId, from);
      check(stream.end.finishReason === 'error', '8', `the failing reply ended ${stream.end.finishReason}`);
      const loaded = await load(client, started.conversationId);
      check(loaded.status === 'errored' && loaded.activeStream === null, '6', `after a failed reply the conversation is ${loaded.status}`);
      check(loaded.messages.find((message) => message.id === started.messageId)?.status === 'error', '6', 'the failed reply is not stored with status error');
    },
  }),
];
