import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createChatClient,
  createMemoryStorage,
  PERSISTED_RECORD_VERSION,
  selectConversationList,
  selectIsProcessing,
  storageKey,
  type ChatClient,
} from '@rejoin/core';
import {
  createSimulatedModel,
  MemoryStreamStore,
  type StreamListener,
  type StreamMeta,
  type StreamRecord,
  type Unsubscribe,
} from '../../src/index.ts';
import { chunksOf, expectedReply, frameOf } from '../../src/testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../src/testing/startTestServer.ts';
import { createTestToken, TestClient } from '../../src/testing/TestClient.ts';
import { waitFor } from '../integration/support/nodeClient.ts';

/**
 * Bugs the chaos sessions found, each pinned by a deterministic test that failed before its fix.
 * (Core client bugs have theirs next to the client: see docs/reliability.md.)
 */
let harness: TestServer | undefined;
const clients: TestClient[] = [];
const chatClients: ChatClient[] = [];
afterEach(async () => {
  for (const client of chatClients.splice(0)) client.dispose();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
});

describe('bugs found by the chaos sessions', () => {
  it('a subscribe to a finished reply keeps the next reply, already started, streaming to the connection', async () => {
    // Chaos: chunk 96 of a reply arrived after its message_end, so the client resubscribed from 95
    // just as the next reply started; the server's subscribe cancelled every follow of the
    // conversation, the new reply's chunks never came, and the client spun forever.
    harness = await startTestServer();
    const { client } = await TestClient.join(harness.url);
    clients.push(client);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'first question' });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-2', text: 'second question' });
    const first = await client.next(frameOf('message_start', { replyTo: 'msg-1' }));
    await client.next(frameOf('message_end', { messageId: first.messageId }));
    const second = await client.next(frameOf('message_start', { replyTo: 'msg-2' }));
    client.send({ type: 'subscribe', conversationId: 'conv-1', messageId: first.messageId, lastSeq: 0 });

    const end = await client.next(frameOf('message_end', { messageId: second.messageId }));
    const seqs = chunksOf(client.frames, second.messageId).map((chunk) => chunk.seq);
    expect(seqs).toEqual(Array.from({ length: end.lastSeq }, (_, index) => index + 1));
    // The finished reply was replayed once more from the start, as asked.
    expect(client.frames.filter((frame) => frame.type === 'message_end' && frame.messageId === first.messageId)).toHaveLength(2);
  });

  it('a load racing with the start of a reply shows it streaming, not failed, and streams it to the end', async () => {
    // Chaos: a load read the history after the new reply was appended (streaming) but before its
    // stream was created; the server took the stream for lost and answered the reply as `error`
    // with no text, stopped following it, and the client showed a failed reply that had in fact
    // completed.
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let creating: () => void = () => {};
    const created = new Promise<void>((resolve) => {
      creating = resolve;
    });
    class SlowToCreate extends MemoryStreamStore {
      override async create(meta: StreamMeta): Promise<StreamRecord> {
        creating();
        await gate;
        return super.create(meta);
      }
    }
    harness = await startTestServer({
      stores: { streams: new SlowToCreate() },
      respond: createSimulatedModel({ tokensPerSecond: 400 }),
    });
    const { client } = await TestClient.join(harness.url);
    clients.push(client);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'race me' });
    await client.next(frameOf('ack'));
    await created; // the reply is in the history, its stream not created yet
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    openGate();

    const reply = loaded.messages.find((message) => message.role === 'assistant');
    expect(reply?.status).toBe('streaming');
    expect(loaded.activeStream?.messageId).toBe(reply?.id);
    const end = await client.next(frameOf('message_end', { messageId: reply!.id }));
    expect(end.finishReason).toBe('complete');
    const text = chunksOf(client.frames, reply!.id)
      .sort((a, b) => a.seq - b.seq)
      .map((chunk) => chunk.text)
      .join('');
    expect(text).toBe(expectedReply('race me'));
  });

  it('a load whose follow of a starting reply fails just as the reply starts still streams it to the end', async () => {
    // Chaos, after the fix above: the reply's stream was created while the load's follow of it was
    // failing; the conversation watch skipped the new stream because a follow of it was still
    // registered, the failing follow then let go, and nobody followed the reply.
    let followFailed: () => void = () => {};
    const failedFollow = new Promise<void>((resolve) => {
      followFailed = resolve;
    });
    let streamCreated: () => void = () => {};
    const created = new Promise<void>((resolve) => {
      streamCreated = resolve;
    });
    let creating = false;
    class Interleaved extends MemoryStreamStore {
      override async create(meta: StreamMeta): Promise<StreamRecord> {
        creating = true;
        await failedFollow; // create exactly while a follow of it is failing
        const record = await super.create(meta);
        streamCreated();
        return record;
      }
      override async follow(messageId: string, afterSeq: number, listener: StreamListener): Promise<Unsubscribe | null> {
        const result = await super.follow(messageId, afterSeq, listener);
        if (result === null && creating) {
          followFailed();
          await created;
        }
        return result;
      }
    }
    harness = await startTestServer({
      stores: { streams: new Interleaved() },
      respond: createSimulatedModel({ tokensPerSecond: 400 }),
    });
    const { client } = await TestClient.join(harness.url);
    clients.push(client);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'interleave me' });
    await client.next(frameOf('ack'));
    while (!creating) await new Promise((resolve) => setTimeout(resolve, 1));
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    const reply = loaded.messages.find((message) => message.role === 'assistant')!;
    const end = await client.next(frameOf('message_end', { messageId: reply.id }));
    expect(end.finishReason).toBe('complete');
    const seqs = [...new Set(chunksOf(client.frames, reply.id).map((chunk) => chunk.seq))].sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: end.lastSeq }, (_, index) => index + 1));
  });

  it('a client that reconnects while a reply it holds no cursor for is generating stops showing it as busy when it ends', async () => {
    // Chaos: a refresh restored a conversation from its outbox only (the ack was lost, so no
    // stream cursor); welcome listed the reply generating there, the client resent the message
    // (duplicate ack) but never followed the reply, so its end never came and the conversation
    // stayed "processing" forever (and its list dot stayed on).
    harness = await startTestServer({ respond: createSimulatedModel({ tokensPerSecond: 150 }) });
    const token = createTestToken();
    const { client: otherTab } = await TestClient.join(harness.url, { token });
    clients.push(otherTab);
    otherTab.send({ type: 'send', conversationId: 'conv-busy', messageId: 'msg-lost-ack', text: 'answer slowly' });
    const start = await otherTab.next(frameOf('message_start'));

    const storage = createMemoryStorage({
      [storageKey('user')]: JSON.stringify({
        format: 'rejoin/snapshot',
        v: PERSISTED_RECORD_VERSION,
        namespace: 'user',
        savedAt: 1,
        openConversationId: 'conv-other',
        streams: [],
        outbox: [{ conversationId: 'conv-busy', messageId: 'msg-lost-ack', text: 'answer slowly', createdAt: 1 }],
      }),
    });
    const client = createChatClient({ url: harness.url, WebSocket: WebSocket as never, namespace: 'user', token, storage });
    chatClients.push(client);
    await otherTab.next(frameOf('message_end', { messageId: start.messageId }));
    const busy = () => {
      const snapshot = client.getSnapshot();
      const listed = selectConversationList(snapshot).find((item) => item.conversationId === 'conv-busy');
      return selectIsProcessing(snapshot, 'conv-busy') || listed?.streaming === true || snapshot.context.outbox.length > 0;
    };
    // Awaited on the client's own updates: how long it takes on a busy machine does not matter.
    await waitFor(client, () => !busy(), 'the client to stop showing the reply as busy', 15_000);
    expect(client.getSnapshot().context.activeStreams).toEqual({});
    expect(selectIsProcessing(client.getSnapshot(), 'conv-busy')).toBe(false);
  });
});
