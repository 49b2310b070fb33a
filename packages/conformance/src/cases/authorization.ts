import type { ErrorFrame } from '@rejoin/core/protocol';
import type { ProtocolClient } from '../client/ProtocolClient.ts';
import { framesOf, type CaseContext, type StartedReply } from '../suite/CaseContext.ts';
import { check } from '../suite/CaseFailure.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** Alice's reply (running), and Bob on his own connection. */
async function aliceAndBob(context: CaseContext): Promise<{ alice: ProtocolClient; reply: StartedReply; bob: ProtocolClient }> {
  const alice = await context.join('alice');
  const reply = await context.startReply(alice.client, '15');
  const bob = await context.join('bob');
  return { alice: alice.client, reply, bob: bob.client };
}

/** Sends `frame` on `client` and returns the error it gets (failing on anything else). */
async function refusal(context: CaseContext, client: ProtocolClient, frame: Record<string, unknown>, what: string): Promise<ErrorFrame> {
  const from = client.mark();
  client.send(frame);
  const answer = await client.waitFor('15', (item) => item.type === 'error' || item.type === 'conversation' || item.type === 'ack' || item.type === 'chunk' || item.type === 'message_end', `an answer to ${what}`, from);
  check(answer.type === 'error', '15', `${what} leaked another user's data: ${JSON.stringify(answer).slice(0, 200)}`);
  return answer;
}

/** The answer to the same frame naming a conversation nobody has: the reference for "alike". */
async function unknownAnswer(context: CaseContext, client: ProtocolClient, frame: (conversationId: string) => Record<string, unknown>, what: string): Promise<{ error: ErrorFrame; conversationId: string }> {
  const conversationId = context.newId('cv');
  return { error: await refusal(context, client, frame(conversationId), what), conversationId };
}

function checkAlike(refused: ErrorFrame, unknown: ErrorFrame, what: string): void {
  check(refused.code === 'not_found', '15', `${what} of another user's conversation got ${refused.code}, not not_found`);
  check(unknown.code === 'not_found', '15', `${what} of an unknown conversation got ${unknown.code}, not not_found`);
  check(refused.message === unknown.message && refused.fatal === unknown.fatal, '15', `${what}: the refusal differs from the unknown answer (${JSON.stringify(refused.message)} vs ${JSON.stringify(unknown.message)})`);
}

/** §15 Authorization: two users, nothing leaked. */
export const AUTHORIZATION_CASES = [
  defineCase({
    id: 'auth.load-other-user',
    section: '15',
    title: "load of another user's conversation is answered not_found exactly like an unknown one",
    async run(context) {
      const { reply, bob } = await aliceAndBob(context);
      const refused = await refusal(context, bob, { type: 'load', conversationId: reply.conversationId }, 'load');
      const unknown = await unknownAnswer(context, bob, (conversationId) => ({ type: 'load', conversationId }), 'load');
      checkAlike(refused, unknown.error, 'load');
      check(refused.conversationId === reply.conversationId, '15', 'not_found does not carry the conversationId');
    },
  }),
  defineCase({
    id: 'auth.subscribe-other-user',
    section: '15',
    title: "subscribe to another user's stream is refused (not_found) and replays nothing",
    async run(context) {
      const { reply, bob } = await aliceAndBob(context);
      const refused = await refusal(context, bob, { type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 }, 'subscribe');
      const unknown = await unknownAnswer(context, bob, (conversationId) => ({ type: 'subscribe', conversationId, messageId: reply.messageId, lastSeq: 0 }), 'subscribe');
      checkAlike(refused, unknown.error, 'subscribe');
      await bob.barrier('15');
      check(!bob.frames.some((frame) => frame.type === 'chunk'), '15', "chunks of another user's stream arrived");
    },
  }),
  defineCase({
    id: 'auth.stream-of-other-conversation',
    section: '15',
    title: "subscribe in the user's own conversation naming another user's stream gets stream_not_found",
    async run(context) {
      const { reply, bob } = await aliceAndBob(context);
      const own = await context.completeReply(bob, '8');
      const refused = await refusal(context, bob, { type: 'subscribe', conversationId: own.conversationId, messageId: reply.messageId, lastSeq: 0 }, "subscribe to another conversation's stream");
      check(refused.code === 'stream_not_found', '15', `got ${refused.code}, not stream_not_found`);
      await bob.barrier('15');
      check(!bob.frames.some((frame) => frame.type === 'chunk' && frame.messageId === reply.messageId), '15', "chunks of another user's stream arrived");
    },
  }),
  defineCase({
    id: 'auth.send-other-user',
    section: '15',
    title: "send into another user's conversation is answered not_found with both ids, and nothing is stored",
    async run(context) {
      const { alice, reply, bob } = await aliceAndBob(context);
      const messageId = context.newId('us');
      const refused = await refusal(context, bob, { type: 'send', conversationId: reply.conversationId, messageId, text: 'let me in' }, 'send');
      check(refused.code === 'not_found', '15', `send into another user's conversation got ${refused.code}`);
      check(refused.conversationId === reply.conversationId && refused.messageId === messageId, '15', 'the refusal does not carry both ids');
      const from = alice.mark();
      alice.send({ type: 'load', conversationId: reply.conversationId });
      const loaded = await alice.waitFor('15', (frame) => frame.type === 'conversation', 'the owner’s conversation', from);
      check(loaded.type === 'conversation' && !loaded.messages.some((message) => message.id === messageId), '15', "another user's send was stored");
    },
  }),
  defineCase({
    id: 'auth.stop-other-user',
    section: '15',
    title: "stop of another user's reply is answered not_found and does not stop it",
    async run(context) {
      const { alice, reply, bob } = await aliceAndBob(context);
      const refused = await refusal(context, bob, { type: 'stop', conversationId: reply.conversationId, messageId: reply.messageId }, 'stop');
      const unknown = await unknownAnswer(context, bob, (conversationId) => ({ type: 'stop', conversationId }), 'stop');
      checkAlike(refused, unknown.error, 'stop');
      const stream = await context.readStream(alice, '15', reply.messageId, 0);
      check(stream.end.finishReason === 'complete', '15', `another user's stop ended the reply ${stream.end.finishReason}`);
    },
  }),
  defineCase({
    id: 'auth.list-and-active-streams',
    section: '15',
    title: "list and welcome.activeStreams hold only the user's own conversations",
    async run(context) {
      const { reply, bob } = await aliceAndBob(context);
      const second = await context.join('bob');
      check(!second.welcome.activeStreams.some((stream) => stream.conversationId === reply.conversationId), '15', "activeStreams holds another user's stream");
      const from = bob.mark();
      bob.send({ type: 'list' });
      const list = await bob.waitFor('15', (frame) => frame.type === 'conversations', 'conversations', from);
      check(list.type === 'conversations' && !list.conversations.some((summary) => summary.conversationId === reply.conversationId), '15', "list holds another user's conversation");
    },
  }),
  defineCase({
    id: 'auth.cursor-other-user',
    section: '15',
    title: "a hello cursor naming another user's stream is reported in lostStreams and nothing is replayed",
    async run(context) {
      const alice = await context.join('alice');
      const reply = await context.completeReply(alice.client, '8');
      const bob = await context.connect();
      const welcome = await bob.hello({ token: await context.token('bob'), cursors: [{ conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 }] });
      check(welcome.lostStreams.some((cursor) => cursor.messageId === reply.messageId), '15', "another user's cursor is missing from lostStreams");
      await bob.barrier('15');
      check(!bob.frames.some((frame) => (frame.type === 'chunk' || frame.type === 'message_end') && frame.messageId === reply.messageId), '15', "another user's stream was replayed");
    },
  }),
  defineCase({
    id: 'auth.watch-other-user',
    section: '15',
    title: "a conversation another user loaded before it existed is never told to them once it is created",
    async run(context) {
      const bob = await context.join('bob');
      const conversationId = context.newId('cv');
      const from = bob.client.mark();
      bob.client.send({ type: 'load', conversationId });
      await context.waitError(bob.client, '15', 'not_found for a conversation that does not exist yet', from);
      const alice = await context.join('alice');
      const reply = await context.completeReply(alice.client, '15', conversationId);
      await bob.client.barrier('15');
      check(framesOf(bob.client.frames, reply.messageId).length === 0, '15', "another user's new conversation was streamed to a connection that had loaded its id");
    },
  }),
];
