import { check } from '../suite/CaseFailure.ts';
import { framesOf } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §4 and §9: a cursor ahead of the stream cannot be resumed. */
export const CURSOR_AHEAD_CASES = [
  defineCase({
    id: 'resume.cursor-ahead',
    section: '4',
    title: 'a hello cursor ahead of the stream is reported in lostStreams and nothing of it is replayed',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const cursor = { conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq + 5 };
      const second = await context.connect();
      const welcome = await second.hello({ token: await context.token('alice'), cursors: [cursor] });
      check(welcome.lostStreams.some((lost) => lost.messageId === reply.messageId && lost.lastSeq === cursor.lastSeq), '4', `a cursor ahead of the stream is missing from lostStreams ${JSON.stringify(welcome.lostStreams)}`);
      await second.barrier('4');
      check(framesOf(second.frames, reply.messageId).length === 0, '4', 'a cursor ahead of the stream was replayed');
    },
  }),
  defineCase({
    id: 'subscribe.cursor-ahead',
    section: '9',
    title: 'subscribe with lastSeq ahead of the stream gets stream_not_found and nothing is replayed',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq + 5 });
      const error = await context.waitError(client, '9', 'an error for a cursor ahead of the stream', from);
      check(error.code === 'stream_not_found' && error.messageId === reply.messageId, '9', `a cursor ahead got ${JSON.stringify(error)}`);
      await client.barrier('9');
      check(framesOf(client.frames.slice(from), reply.messageId).length === 0, '9', 'a cursor ahead of the stream was replayed');
    },
  }),
];
