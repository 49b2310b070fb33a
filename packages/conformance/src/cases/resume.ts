import { check } from '../suite/CaseFailure.ts';
import { CaseSkip } from '../suite/CaseSkip.ts';
import { checkContiguous, framesOf } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

/** §4 Connection lifecycle (replay of hello cursors) and §11 Disconnects and retention. */
export const RESUME_CASES = [
  defineCase({
    id: 'resume.cursor-mid-stream',
    section: '4',
    title: 'a hello cursor mid-stream replays exactly the chunks after it, then live chunks, then message_end, with no message_start',
    async run(context) {
      const first = await context.join();
      const reply = await context.startReply(first.client, '4');
      const held = await context.waitChunk(first.client, '4', reply.messageId, 2, 0);
      check(held.type === 'chunk', '8', `the reply ended before its second chunk; give a prompt with a longer reply (${JSON.stringify(held)})`);
      const lastSeq = 2;
      first.client.drop();
      const second = await context.connect();
      const welcome = await second.hello({ token: await context.token('alice'), cursors: [{ conversationId: reply.conversationId, messageId: reply.messageId, lastSeq }] });
      check(!welcome.lostStreams.some((cursor) => cursor.messageId === reply.messageId), '4', 'a running stream was reported in lostStreams');
      const stream = await context.readStream(second, '4', reply.messageId, 0);
      checkContiguous(stream.chunks, lastSeq, '4', 'replay after a hello cursor');
      check(stream.end.lastSeq === lastSeq + stream.chunks.length, '8', `message_end.lastSeq ${stream.end.lastSeq} after chunks up to ${lastSeq + stream.chunks.length}`);
      check(!second.frames.some((frame) => frame.type === 'message_start' && frame.messageId === reply.messageId), '4', 'a replayed stream got a message_start');
    },
  }),
  defineCase({
    id: 'resume.cursor-zero',
    section: '4',
    title: 'a hello cursor with lastSeq 0 on a finished stream replays every chunk from 1, then message_end',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const second = await context.connect();
      await second.hello({ token: await context.token('alice'), cursors: [{ conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 }] });
      const stream = await context.readStream(second, '4', reply.messageId, 0);
      checkContiguous(stream.chunks, 0, '4', 'replay from cursor 0');
      check(stream.end.lastSeq === reply.end.lastSeq && stream.chunks.length === reply.end.lastSeq, '4', `replay had ${stream.chunks.length} chunks, the stream ${reply.end.lastSeq}`);
      check(stream.chunks.map((chunk) => chunk.text).join('') === reply.chunks.map((chunk) => chunk.text).join(''), '4', 'the replayed text differs from the streamed text');
      check(stream.end.finishReason === 'complete', '4', `replayed finishReason ${stream.end.finishReason}`);
    },
  }),
  defineCase({
    id: 'resume.cursor-at-end',
    section: '4',
    title: 'a hello cursor at the end of a finished stream gets no chunk, only message_end',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const second = await context.connect();
      await second.hello({ token: await context.token('alice'), cursors: [{ conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq }] });
      const stream = await context.readStream(second, '4', reply.messageId, 0);
      check(stream.chunks.length === 0, '4', `a cursor at the end got chunks ${stream.chunks.map((chunk) => chunk.seq).join(',')}`);
      await second.barrier('4');
      check(framesOf(second.frames, reply.messageId).length === 1, '4', 'the finished stream was replayed more than once');
    },
  }),
  defineCase({
    id: 'resume.cursor-unknown',
    section: '4',
    title: 'a hello cursor for a stream the server never had is reported in lostStreams, and nothing is replayed',
    async run(context) {
      const cursor = { conversationId: context.newId('cv'), messageId: context.newId('as'), lastSeq: 3 };
      const { client, welcome } = await context.join('alice', [cursor]);
      check(
        welcome.lostStreams.some((lost) => lost.conversationId === cursor.conversationId && lost.messageId === cursor.messageId && lost.lastSeq === cursor.lastSeq),
        '4',
        `the unknown cursor is missing from lostStreams ${JSON.stringify(welcome.lostStreams)}`,
      );
      await client.barrier('4');
      check(framesOf(client.frames, cursor.messageId).length === 0, '4', 'frames arrived for an unknown stream');
    },
  }),
  defineCase({
    id: 'resume.active-streams',
    section: '4',
    title: 'welcome.activeStreams lists every running stream of the user, including ones the hello had no cursor for',
    async run(context) {
      const first = await context.join();
      const reply = await context.startReply(first.client, '4');
      // Counted before the second hello leaves: the welcome's lastSeq may only be older than what
      // was sent before the hello. Chunks sent while the server answers may reach the first
      // connection before the welcome reaches the second one.
      const produced = first.client.frames.filter((frame) => frame.type === 'chunk' && frame.messageId === reply.messageId).length;
      const second = await context.join();
      const entry = second.welcome.activeStreams.find((stream) => stream.messageId === reply.messageId);
      if (entry === undefined) {
        // Only a stream that ended before the second hello may be missing.
        const ended = first.client.frames.some((frame) => frame.type === 'message_end' && frame.messageId === reply.messageId);
        check(ended, '4', `a running stream is missing from activeStreams ${JSON.stringify(second.welcome.activeStreams)}`);
        throw new CaseSkip('the reply ended before the second hello; give a prompt with a longer reply');
      }
      check(entry.conversationId === reply.conversationId, '4', 'activeStreams names the wrong conversation');
      check(entry.lastSeq >= produced, '4', `activeStreams lastSeq ${entry.lastSeq} is behind chunks already sent (${produced})`);
    },
  }),
  defineCase({
    id: 'resume.follows-after-cursor',
    section: '5',
    title: 'a connection whose hello cursor the server knows follows the conversation: the next reply reaches it',
    async run(context) {
      const first = await context.join();
      const reply = await context.completeReply(first.client, '8');
      const second = await context.connect();
      await second.hello({ token: await context.token('alice'), cursors: [{ conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq }] });
      const from = second.mark();
      const next = await context.startReply(first.client, '5', { conversationId: reply.conversationId });
      await context.readStream(second, '5', next.messageId, from);
      check(second.frames.some((frame) => frame.type === 'message_start' && frame.messageId === next.messageId), '5', 'the following connection missed message_start');
    },
  }),
  defineCase({
    id: 'disconnect.keeps-generating',
    section: '11',
    title: 'a disconnect never stops a generation: it finishes complete and stays replayable',
    async run(context) {
      const first = await context.join();
      const reply = await context.startReply(first.client, '11');
      first.client.drop();
      const second = await context.join();
      const from = second.client.mark();
      second.client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      const stream = await context.readStream(second.client, '11', reply.messageId, from);
      checkContiguous(stream.chunks, 0, '9', 'subscribe from 0 after a disconnect');
      check(stream.end.finishReason === 'complete', '11', `after a disconnect the reply ended ${stream.end.finishReason}`);
    },
  }),
  defineCase({
    id: 'retention.after-window',
    section: '11',
    title: 'after the retention window a finished stream is lost to cursors and subscribe (stream_not_found), and its message stays in the history',
    skipUnless: (options) =>
      options.retentionMs === null
        ? 'the server\'s retention window was not given (--retention-ms)'
        : options.retentionMs > options.maxWaitMs
          ? `the retention window (${options.retentionMs} ms) does not fit in maxWaitMs ${options.maxWaitMs}`
          : null,
    async run(context) {
      const retentionMs = context.options.retentionMs ?? 0;
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const endedAt = Date.now();
      // The server ended the stream before message_end reached us, so once our clock passes
      // endedAt + retentionMs the window is over on the server's clock too: wait for that instant.
      await new Promise((resolve) => setTimeout(resolve, endedAt + retentionMs - Date.now()));
      const asked = client.mark();
      client.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq });
      const answer = await client.waitFor('11', (frame) => (frame.type === 'error' || frame.type === 'message_end') && frame.messageId === reply.messageId, 'an answer to subscribe after the window', asked);
      check(answer.type === 'error' && answer.code === 'stream_not_found', '11', `subscribe ${Date.now() - endedAt} ms after the end (window ${retentionMs} ms) got ${JSON.stringify(answer)}`);
      const second = await context.connect();
      const cursor = { conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: reply.end.lastSeq };
      const welcome = await second.hello({ token: await context.token('alice'), cursors: [cursor] });
      check(welcome.lostStreams.some((lost) => lost.messageId === reply.messageId), '11', 'a cursor past the retention window is missing from lostStreams');
      const from = second.mark();
      second.send({ type: 'load', conversationId: reply.conversationId });
      const loaded = await second.waitFor('11', (frame) => frame.type === 'conversation', 'the conversation', from);
      const message = loaded.type === 'conversation' ? loaded.messages.find((item) => item.id === reply.messageId) : undefined;
      check(message?.status === 'complete', '11', 'the finished message left the history with its stream');
    },
  }),
];
