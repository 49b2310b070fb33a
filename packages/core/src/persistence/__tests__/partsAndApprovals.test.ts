import { describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../../client/createChatClient.ts';
import type { ToolCallPart } from '../../model/parts.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer, type ReplyStep } from '../../testing/createFakeServer.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import { decodeRecord } from '../decodeRecord.ts';
import { stateFromRecord } from '../stateFromRecord.ts';
import { segmentKey, storageKey } from '../storageKey.ts';

/** A version 2 record as version 2 of the serializer wrote it: fields in its order, no parts, no approvals. */
const V2_RECORD =
  '{"format":"rejoin/snapshot","v":2,"namespace":"alice","savedAt":1700000000000,"openConversationId":"c1",' +
  '"streams":[{"conversationId":"c1","messageId":"a1","lastSeq":3,"text":"Once upon","createdAt":10}],' +
  '"outbox":[{"conversationId":"c1","messageId":"u2","text":"and then?","createdAt":20,"sent":true}]}';

const script: readonly ReplyStep[] = [
  { kind: 'reasoning-delta', delta: 'Think first.' },
  'Looking ',
  'it up. ',
  { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'search', input: { q: 'x' } },
  { awaitApproval: 'call_1', ifApproved: [{ kind: 'tool-output', toolCallId: 'call_1', output: 'found' }], ifDenied: [] },
  'Found ',
  'it.',
];

function page(storage: KeyValueStorage, clock: FakeClock, server: FakeServer): ChatClient {
  let ids = 0;
  return createChatClient({
    transport: server.transport,
    namespace: 'alice',
    storage,
    clock,
    generateId: () => `p${clock.now()}m${++ids}`,
    frameBatchMs: 0,
  });
}

function replyOf(client: ChatClient) {
  const { context } = client.getSnapshot();
  return context.conversations[context.openConversationId!]!.messages.find((message) => message.role === 'assistant')!;
}

describe('persisting parts and approvals (record versions 3 and 4)', () => {
  it('migrates a version 2 record, through version 3: text-only parts, no approvals, every field kept', () => {
    const { record, error } = decodeRecord(V2_RECORD, 'alice');
    expect(error).toBeNull();
    expect(record).toEqual({ ...(JSON.parse(V2_RECORD) as object), v: 4, approvals: [] });
    const state = stateFromRecord(record!);
    expect(state.conversations['c1']!.messages[0]).toMatchObject({ text: 'Once upon', parts: [{ type: 'text', text: 'Once upon' }] });
  });

  it('restores a reply paused on an approval with its parts, and a decision given offline is sent once after the reload', () => {
    const clock = new FakeClock();
    const storage = createMemoryStorage();
    const server = createFakeServer({ clock, tokensPerSecond: 20, reply: () => script });
    const first = page(storage, clock, server);
    clock.advance(10);
    first.send('search x');
    clock.advance(5_000);
    const paused = replyOf(first);
    expect(paused.parts.map((part) => part.type)).toEqual(['reasoning', 'text', 'tool-call']);
    server.setDown(true);
    clock.advance(10);
    first.approveTool({ messageId: paused.id, toolCallId: 'call_1' });
    const shown = replyOf(first).parts;
    first.dispose();

    server.setDown(false);
    const second = page(storage, clock, server);
    // Restored before any frame: the same parts, the decision still shown and still queued.
    expect(replyOf(second).parts).toEqual(shown);
    expect((replyOf(second).parts[2] as ToolCallPart).state).toBe('approval-responded');
    expect(second.getSnapshot().context.approvals).toHaveLength(1);
    clock.advance(10_000);
    const approves = server.fake.connections.flatMap((connection) => connection.sent.filter((frame) => frame.type === 'approve'));
    expect(approves).toHaveLength(1);
    const conversationId = second.getSnapshot().context.openConversationId!;
    expect(replyOf(second)).toMatchObject({ status: 'complete', text: 'Looking it up. Found it.' });
    expect(replyOf(second).parts).toEqual(server.history(conversationId)[1]!.parts);
    expect(second.getSnapshot().context.approvals).toEqual([]);
  });

  it('appends text after a part as segments, and part events too (version 4)', () => {
    const clock = new FakeClock();
    const storage = createMemoryStorage();
    const server = createFakeServer({
      clock,
      tokensPerSecond: 20,
      reply: () => ['One ', { kind: 'source', sourceId: 's', url: 'https://e.x' }, 'two ', 'three ', 'four ', 'five.'],
    });
    const client = page(storage, clock, server);
    clock.advance(10);
    client.send('count');
    // A few events in, the source among them: the base holds the source part.
    clock.advance(150);
    client.dispose();
    const base = JSON.parse(storage.getItem(storageKey('alice'))!) as { streams: { parts?: unknown[] }[] };
    expect(base.streams[0]!.parts).toContainEqual({ type: 'source', sourceId: 's', url: 'https://e.x' });
    const second = page(storage, clock, server);
    clock.advance(175);
    second.dispose();
    const messageId = replyOf(second).id;
    // What came after the base went to a segment; the base (with its parts) was not rewritten.
    expect(storage.getItem(segmentKey('alice', messageId, 1))).not.toBeNull();
    const third = page(storage, clock, server);
    expect(replyOf(third)).toMatchObject({ text: replyOf(second).text, parts: replyOf(second).parts });
    third.dispose();
  });
});
