import WebSocket from 'ws';
import { createChatClient, createMemoryStorage, type ChatClient, type KeyValueStorage } from '@rejoin/core';
import { createLogger, createRejoinServer } from '@rejoin/server';
import { check } from '../harness/fail.ts';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { realisticReplyTokens } from '../harness/realisticReply.ts';
import { waitFor } from '../harness/waitFor.ts';
import { formatBytes, formatRatio } from '../report/format.ts';
import type { GoalCheck, RowReport } from '../report/RowReport.ts';
import { countingWebSocket, type ReceivedFrame, type SocketLog } from './countingWebSocket.ts';
import { createGatedModel } from './gatedModel.ts';

const TOKEN = 'bench_replay_user_token_0001';

interface ResumeMeasure {
  readonly percent: number;
  readonly cursor: number;
  readonly missedBytes: number;
  readonly resumeStreamBytes: number;
  readonly reconnectBytes: number;
  readonly fromStartBytes: number;
}

const isStreamFrame = (messageId: string) => (frame: ReceivedFrame): boolean =>
  frame.messageId === messageId && (frame.type === 'chunk' || frame.type === 'message_end');
const sumBytes = (frames: readonly ReceivedFrame[]): number => frames.reduce((sum, frame) => sum + frame.bytes, 0);

function assistantMessage(client: ChatClient, conversationId: string) {
  return client.getSnapshot().context.conversations[conversationId]?.messages.find((message) => message.role === 'assistant');
}

function startClient(url: string, storage: KeyValueStorage, log: SocketLog): ChatClient {
  return createChatClient({ url, WebSocket: countingWebSocket(log), namespace: 'bench', token: TOKEN, storage });
}

/** What a client that replays from the start gets: `hello` with the stream's cursor at 0. */
async function replayFromStart(url: string, conversationId: string, messageId: string): Promise<number> {
  const socket = new WebSocket(url);
  const frames: ReceivedFrame[] = [];
  let ended = false;
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; messageId?: string; seq?: number };
    frames.push({ bytes: data.byteLength, type: frame.type, ...(frame.messageId === undefined ? {} : { messageId: frame.messageId }) });
    if (frame.type === 'message_end' && frame.messageId === messageId) ended = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'hello', v: 1, clientId: 'replay-from-start', token: TOKEN, cursors: [{ conversationId, messageId, lastSeq: 0 }] }));
  await waitFor('the replay from the start to end', () => ended);
  socket.close();
  return sumBytes(frames.filter(isStreamFrame(messageId)));
}

/** Row 2: bytes a resume costs against bytes actually missed, on the reference server. */
export async function replayRow(settings: BenchSettings): Promise<RowReport> {
  const tokenCount = settings.smoke ? 200 : 2_000;
  const tokens = realisticReplyTokens(tokenCount, 11);
  const replyText = tokens.join('');
  const model = createGatedModel(tokens);
  const server = createRejoinServer({
    host: '127.0.0.1',
    port: 0,
    respond: model.respond,
    logger: createLogger({ level: 'silent' }),
    shutdown: { generations: 'abort' },
  });
  const { url } = await server.listen();
  const measures: ResumeMeasure[] = [];
  try {
    for (const percent of [10, 50, 90]) {
      const cursor = Math.round((tokenCount * percent) / 100);
      const storage = createMemoryStorage();
      model.holdAfter(cursor);

      // The first page load: reads `cursor` tokens, then goes away (pagehide flushes the snapshot).
      const first = startClient(url, storage, { received: [], sent: [] });
      await waitFor('the first client to connect', () => first.getSnapshot().matches({ connected: 'ready' }));
      const conversationId = first.newConversation();
      first.send(`Resume test at ${percent}%: explain resumable streams.`);
      await waitFor(`the first client to read ${cursor} tokens`, () => assistantMessage(first, conversationId)?.seq === cursor);
      const messageId = assistantMessage(first, conversationId)!.id;
      first.dispose();

      // While it is away the reply runs to the end.
      model.release();
      await waitFor('the reply to finish on the server', () => server.activeGenerations().length === 0);

      // The next page load resumes from the persisted cursor.
      const log: SocketLog = { received: [], sent: [] };
      const second = startClient(url, storage, log);
      await waitFor(
        'the resumed client to hold the whole reply',
        () => second.getSnapshot().matches({ connected: 'ready' }) && assistantMessage(second, conversationId)?.status === 'complete',
      );
      // Late duplicates, if any, would land now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      check(assistantMessage(second, conversationId)?.text === replyText, `the resumed reply at ${percent}% is not the server's reply`);
      const hello = log.sent[0] as { type: string; cursors: readonly { messageId: string; lastSeq: number }[] };
      check(
        hello.type === 'hello' && hello.cursors.some((entry) => entry.messageId === messageId && entry.lastSeq === cursor),
        `the resumed client's hello did not carry the cursor at ${cursor}`,
      );
      second.dispose();

      const stream = log.received.filter(isStreamFrame(messageId));
      const firstOfSeq = new Map<number, ReceivedFrame>();
      for (const frame of stream) if (frame.type === 'chunk' && !firstOfSeq.has(frame.seq!)) firstOfSeq.set(frame.seq!, frame);
      const missedChunks = [...firstOfSeq.values()].filter((frame) => frame.seq! > cursor);
      check(missedChunks.length === tokenCount - cursor, `the resumed client got ${missedChunks.length} of the ${tokenCount - cursor} missed chunks`);
      const end = stream.find((frame) => frame.type === 'message_end');
      check(end !== undefined, 'the resumed client got no message_end');
      measures.push({
        percent,
        cursor,
        missedBytes: sumBytes(missedChunks) + end.bytes,
        resumeStreamBytes: sumBytes(stream),
        reconnectBytes: sumBytes(log.received),
        fromStartBytes: await replayFromStart(url, conversationId, messageId),
      });
    }
  } finally {
    await server.close();
  }

  const worst = Math.max(...measures.map((measure) => measure.resumeStreamBytes / measure.missedBytes));
  const goals: GoalCheck[] = [
    {
      goal: 'bytes sent on resume / bytes missed = 1.00',
      met: worst <= 1.005,
      detail: `${formatRatio(worst)} at worst over the three resume points`,
    },
  ];
  return {
    id: 2,
    title: 'Replay cost',
    runs: 'deterministic byte counts (one resume per point)',
    method: [
      `The reference server (\`createRejoinServer\`, in-memory stores, on 127.0.0.1) streams a ${tokenCount.toLocaleString('en-US')}-token reply from a model that holds at the resume point. A real client (\`createChatClient\` over \`ws\`) reads up to that point and is disposed (its snapshot flushed, as on \`pagehide\`); the reply then runs to the end; a new client starts from the same storage and resumes. Its frames are counted as they arrive (WebSocket payload bytes, framing excluded), and it must end with exactly the server's reply.`,
      '',
      '- *Missed*: the bytes of the chunk frames after the cursor, plus `message_end`: what the client would have received had it stayed.',
      '- *Sent on resume*: every stream frame of that message the resumed client received (duplicates included, had there been any).',
      '- *Everything on reconnect*: all bytes the resumed client received, with `welcome`, the history answer to `load` (which holds the whole finished reply as text once more) and the conversation list.',
      "- *Replay from start*: the same server asked for the stream from seq 0 (`hello` with `lastSeq: 0`), which is what AI SDK's resumable-stream and LangGraph's `joinStream` do: they re-read the stream from its beginning.",
    ],
    tables: [
      {
        headers: ['resume at', 'tokens held', 'missed', 'sent on resume', 'ratio', 'everything on reconnect', 'ratio', 'replay from start', 'ratio'],
        rows: measures.map((measure) => [
          `${measure.percent}%`,
          measure.cursor.toLocaleString('en-US'),
          formatBytes(measure.missedBytes),
          formatBytes(measure.resumeStreamBytes),
          formatRatio(measure.resumeStreamBytes / measure.missedBytes),
          formatBytes(measure.reconnectBytes),
          formatRatio(measure.reconnectBytes / measure.missedBytes),
          formatBytes(measure.fromStartBytes),
          formatRatio(measure.fromStartBytes / measure.missedBytes),
        ]),
      },
    ],
    goals,
    closingNotes: goals[0]!.met ? [] : [`A resume sent ${formatRatio(worst)} the bytes missed; it should replay only the chunks after the cursor, once.`],
  };
}
