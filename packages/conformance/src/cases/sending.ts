import type { AckFrame, MessageStartFrame } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import type { ProtocolClient } from '../client/ProtocolClient.ts';
import { CaseSkip } from '../suite/CaseSkip.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §7 Sending a message. */
export const SENDING_CASES = [
  defineCase({
    id: 'send.ack-and-reply',
    section: '7',
    title: 'a send into a new conversation is acked (index 0, duplicate false) and answered by one reply at index 1',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.startReply(client, '7');
      check(reply.ack.index === 0, '7', `the first message of a new conversation was acked at index ${reply.ack.index}`);
      check(reply.ack.conversationId === reply.conversationId, '7', 'the ack names another conversation');
      check(reply.start.index === 1, '7', `the reply's message_start has index ${reply.start.index}, not 1`);
      check(reply.start.messageId !== reply.userMessageId, '2', 'the reply reuses the user message id');
    },
  }),
  defineCase({
    id: 'send.resend-same-connection',
    section: '7',
    title: 'a resend of a stored message gets ack duplicate true with the stored index and createdAt, and no second reply',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '7');
      const from = client.mark();
      client.send({ type: 'send', conversationId: reply.conversationId, messageId: reply.userMessageId, text: context.options.prompt });
      const ack = await context.waitAck(client, '7', reply.userMessageId, from);
      check(ack.duplicate === true, '7', 'a resend was acked with duplicate false');
      check(ack.index === reply.ack.index && ack.createdAt === reply.ack.createdAt, '7', `the duplicate ack has index ${ack.index}/createdAt ${ack.createdAt}, the stored one ${reply.ack.index}/${reply.ack.createdAt}`);
      await client.barrier('7');
      check(!client.frames.slice(from).some((frame) => frame.type === 'message_start'), '7', 'a resend was answered by a second reply');
      const loaded = await loadMessages(client, reply.conversationId);
      check(loaded === 2, '7', `the history holds ${loaded} messages after a resend, not 2`);
    },
  }),
  defineCase({
    id: 'send.resend-after-reconnect',
    section: '7',
    title: 'a resend on a new connection after a drop is acked duplicate true and stores nothing',
    async run(context) {
      const first = await context.join();
      const reply = await context.startReply(first.client, '7');
      first.client.drop();
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'send', conversationId: reply.conversationId, messageId: reply.userMessageId, text: context.options.prompt });
      const ack = await context.waitAck(client, '7', reply.userMessageId, from);
      check(ack.duplicate === true && ack.index === reply.ack.index, '7', `a resend after reconnect was acked ${JSON.stringify(ack)}`);
      await client.barrier('7');
      check(
        !client.frames.slice(from).some((frame) => frame.type === 'message_start' && frame.replyTo === reply.userMessageId && frame.messageId !== reply.messageId),
        '7',
        'a resend after reconnect started a second reply',
      );
    },
  }),
  defineCase({
    id: 'send.resend-two-connections',
    section: '7',
    title: 'the same message sent on two connections at once is stored once: one ack duplicate false, one true, one reply',
    async run(context) {
      const a = await context.join();
      const b = await context.join();
      const conversationId = context.newId('cv');
      const messageId = context.newId('us');
      const frame = { type: 'send', conversationId, messageId, text: context.options.prompt } as const;
      a.client.send(frame);
      b.client.send(frame);
      const acks: AckFrame[] = await Promise.all([context.waitAck(a.client, '7', messageId, 0), context.waitAck(b.client, '7', messageId, 0)]);
      check(acks.filter((ack) => !ack.duplicate).length === 1, '7', `two simultaneous sends were acked duplicate ${acks.map((ack) => ack.duplicate).join(' and ')}`);
      check(acks[0]?.index === acks[1]?.index, '7', 'the two acks name different indexes');
      // The connection whose send was stored followed the conversation before the reply started:
      // it sees the whole reply (the other one may join it mid-stream).
      const stored = acks[0]?.duplicate === false ? a.client : b.client;
      const start = await stored.waitFor('7', (item): item is MessageStartFrame => item.type === 'message_start' && item.replyTo === messageId, 'the reply');
      await context.readStream(stored, '7', start.messageId, 0);
      await stored.barrier('7');
      const starts = stored.frames.filter((item) => item.type === 'message_start');
      check(starts.length === 1, '7', `${starts.length} replies started for one message sent twice`);
      const other = stored === a.client ? b.client : a.client;
      await other.barrier('7');
      check(!other.frames.some((item) => item.type === 'message_start' && item.messageId !== start.messageId), '7', 'the duplicate send started a reply of its own');
    },
  }),
  defineCase({
    id: 'send.queued-behind-reply',
    section: '7',
    title: 'a message sent while a reply streams is acked at once and answered by a further reply after the current one ends',
    async run(context) {
      const { client } = await context.join();
      const first = await context.startReply(client, '7');
      const secondId = context.newId('us');
      const from = client.mark();
      client.send({ type: 'send', conversationId: first.conversationId, messageId: secondId, text: 'And a follow-up question.' });
      const ack = await context.waitAck(client, '7', secondId, from);
      check(ack.duplicate === false, '7', 'the queued message was acked as a duplicate');
      const firstEnd = await context.readStream(client, '7', first.messageId, 0);
      const next = await client.waitFor('7', (frame) => frame.type === 'message_start' && frame.replyTo === secondId, 'the reply to the queued message', 0);
      check(client.frames.indexOf(next) > firstEnd.endIndex, '7', 'the second reply started before the first ended');
      if (next.type === 'message_start') await context.readStream(client, '7', next.messageId, 0);
    },
  }),
  defineCase({
    id: 'send.too-long',
    section: '7',
    title: 'a text longer than maxMessageChars code points gets message_too_long with both ids, and nothing is stored',
    async run(context) {
      const { client, welcome } = await context.join();
      const conversationId = context.newId('cv');
      const messageId = context.newId('us');
      const text = 'a'.repeat(welcome.limits.maxMessageChars + 1);
      if (text.length + 200 > welcome.limits.maxFrameBytes) throw new CaseSkip('maxMessageChars + 1 characters do not fit in maxFrameBytes');
      const from = client.mark();
      client.send({ type: 'send', conversationId, messageId, text });
      const error = await context.waitError(client, '7', 'an error for a message one code point too long', from);
      check(error.code === 'message_too_long', '7', `a message one code point too long got ${error.code}`);
      check(error.conversationId === conversationId && error.messageId === messageId, '7', 'message_too_long does not carry the conversationId and messageId');
      check(error.fatal !== true, '16', 'message_too_long was fatal');
      const loadFrom = client.mark();
      client.send({ type: 'load', conversationId });
      const answer = await client.waitFor('7', (frame) => (frame.type === 'conversation' || frame.type === 'error') && frame.conversationId === conversationId, 'an answer to load', loadFrom);
      check(answer.type === 'error' || (answer.type === 'conversation' && answer.messages.length === 0), '7', 'a refused message was stored');
    },
  }),
  defineCase({
    id: 'send.limit-in-code-points',
    section: '16',
    title: 'maxMessageChars counts code points: exactly that many astral characters (twice as many UTF-16 units) are accepted',
    async run(context) {
      const { client, welcome } = await context.join();
      const text = '😀'.repeat(welcome.limits.maxMessageChars);
      if (Buffer.byteLength(text) + 200 > welcome.limits.maxFrameBytes) throw new CaseSkip('maxMessageChars emoji do not fit in maxFrameBytes');
      const messageId = context.newId('us');
      const from = client.mark();
      client.send({ type: 'send', conversationId: context.newId('cv'), messageId, text });
      await context.waitAck(client, '16', messageId, from);
    },
  }),
  defineCase({
    id: 'send.ack-only-to-sender',
    section: '7',
    title: 'the ack goes to the sending connection only; another follower learns of the message through message_start.replyTo',
    async run(context) {
      const a = await context.join();
      const first = await context.completeReply(a.client, '7');
      const b = await context.join();
      const bFrom = b.client.mark();
      b.client.send({ type: 'load', conversationId: first.conversationId });
      await b.client.waitFor('6', (frame) => frame.type === 'conversation', 'the conversation', bFrom);
      const next = await context.startReply(a.client, '7', { conversationId: first.conversationId });
      const start = await b.client.waitFor('5', (frame) => frame.type === 'message_start' && frame.messageId === next.messageId, 'message_start on the other connection', bFrom);
      check(start.type === 'message_start' && start.replyTo === next.userMessageId, '7', 'the other connection got a message_start without the replyTo');
      await b.client.barrier('7');
      check(!b.client.frames.some((frame) => frame.type === 'ack'), '7', 'the ack reached a connection that did not send');
    },
  }),
];

/** How many messages `load` returns for the conversation. */
async function loadMessages(client: ProtocolClient, conversationId: string): Promise<number> {
  const from = client.mark();
  client.send({ type: 'load', conversationId });
  const answer = await client.waitFor('6', (frame) => frame.type === 'conversation' && frame.conversationId === conversationId, 'the conversation', from);
  return answer.type === 'conversation' ? answer.messages.length : -1;
}
