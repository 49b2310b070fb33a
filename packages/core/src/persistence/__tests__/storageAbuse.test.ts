import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../../client/createChatClient.ts';
import { StorageError } from '../../errors/RejoinError.ts';
import { selectIsProcessing } from '../../select/conversationView.ts';
import { createFakeServer, type FakeServer } from '../../testing/createFakeServer.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import { decodeRecord } from '../decodeRecord.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import { PERSISTED_RECORD_FORMAT, PERSISTED_RECORD_VERSION } from '../PersistedRecord.ts';
import { segmentKey, storageKey } from '../storageKey.ts';

/**
 * Storage as browsers and users really leave it: corrupt, from another build, from another user,
 * full in the middle of a reply, unusable in private browsing, shared by two tabs. Each case runs
 * the real client and its real persister on a fake server and clock; docs/reliability.md says
 * what the client promises in each.
 */
const KEY = storageKey('alice');
const clients: ChatClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

function start(storage: KeyValueStorage, options: { clock?: FakeClock; server?: FakeServer; namespace?: string } = {}) {
  const clock = options.clock ?? new FakeClock();
  const server = options.server ?? createFakeServer({ clock, tokensPerSecond: 20 });
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: options.namespace ?? 'alice',
    storage,
    clock,
    frameBatchMs: 0,
    generateId: () => `${options.namespace ?? 'alice'}${++ids}x${clock.now() % 100_000}`,
  });
  clients.push(client);
  return { client, clock, server };
}

function record(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: PERSISTED_RECORD_FORMAT,
    v: PERSISTED_RECORD_VERSION,
    namespace: 'alice',
    savedAt: 1,
    openConversationId: 'c1',
    streams: [],
    outbox: [{ conversationId: 'c1', messageId: 'queued1', text: 'typed offline', createdAt: 1 }],
    approvals: [],
    ...fields,
  });
}

function errorCodes(client: ChatClient): string[] {
  return client.getSnapshot().context.errors.map((error) => error.code);
}

/** Sends a message and lets the fake server answer it completely. */
function roundTrip(client: ChatClient, clock: FakeClock, server: FakeServer): string {
  clock.advance(10);
  const conversationId = client.newConversation();
  client.send('does it still work?');
  clock.advance(60_000);
  expect(server.history(conversationId).map((message) => message.role)).toEqual(['user', 'assistant']);
  expect(client.getSnapshot().context.conversations[conversationId]?.messages.map((message) => message.status)).toEqual([
    'complete',
    'complete',
  ]);
  return conversationId;
}

describe('storage abuse', () => {
  it('a corrupted snapshot is reported as storage/corrupt, removed, and the client starts clean and saves anew', () => {
    const storage = createMemoryStorage({ [KEY]: '{"format":"rejoin/snapshot","v":1,"outbox":[{"conv' });
    const { client, clock, server } = start(storage);
    expect(errorCodes(client)).toEqual(['storage/corrupt']);
    expect(client.getSnapshot().context.errors[0]).toBeInstanceOf(StorageError);
    expect(client.getSnapshot().context.outbox).toEqual([]);
    roundTrip(client, clock, server);
    const saved = storage.getItem(KEY);
    expect(saved).not.toBeNull();
    expect(decodeRecord(saved!, 'alice').error).toBeNull();
  });

  for (const [label, v] of [
    ['an older version with no migration', 0],
    ['a version from a newer build (a rollback)', PERSISTED_RECORD_VERSION + 1],
  ] as const) {
    it(`a snapshot of ${label} is reported as storage/version and ignored; nothing of it is resent`, () => {
      const storage = createMemoryStorage({ [KEY]: record({ v }) });
      const { client, clock, server } = start(storage);
      expect(errorCodes(client)).toEqual(['storage/version']);
      expect(client.getSnapshot().context.outbox).toEqual([]);
      clock.advance(100);
      expect(server.history('c1')).toEqual([]);
      roundTrip(client, clock, server);
      expect(decodeRecord(storage.getItem(KEY)!, 'alice').record?.v).toBe(PERSISTED_RECORD_VERSION);
    });
  }

  it("another user's snapshot under this user's key is refused (storage/foreign_namespace); their queue is never sent", () => {
    const storage = createMemoryStorage({ [KEY]: record({ namespace: 'mallory' }) });
    const { client, clock, server } = start(storage);
    expect(errorCodes(client)).toEqual(['storage/foreign_namespace']);
    expect(client.getSnapshot().context.outbox).toEqual([]);
    clock.advance(100);
    expect(server.history('c1')).toEqual([]);
    // And each user has a key of their own: a second user on this browser reads nothing of alice's.
    const bob = start(storage, { namespace: 'bob', clock, server });
    expect(bob.client.getSnapshot().context.outbox).toEqual([]);
    expect(errorCodes(bob.client)).toEqual([]);
  });

  it('a corrupted stream segment is reported as storage/corrupt; the reply resumes from the text before it, with no token lost or doubled', () => {
    const storage = createMemoryStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 20 });
    const first = start(storage, { clock, server });
    clock.advance(10);
    first.client.send('tell me a long story');
    const conversationId = first.client.getSnapshot().context.openConversationId!;
    clock.advance(1_300); // mid-reply, a few throttled writes in: a base and segments after it
    first.client.dispose();
    const replyId = first.client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!.id;
    const segments = Array.from({ length: 10 }, (_, index) => segmentKey('alice', replyId, index + 1)).filter(
      (key) => storage.getItem(key) !== null,
    );
    expect(segments.length).toBeGreaterThanOrEqual(2);
    storage.setItem(segments[0]!, '{"namespace":"alice","fromSeq":');
    const baseSeq = decodeRecord(storage.getItem(KEY)!, 'alice').record?.streams[0]?.lastSeq ?? 0;
    expect(baseSeq).toBeGreaterThan(0);

    const second = start(storage, { clock, server });
    expect(errorCodes(second.client)).toEqual(['storage/corrupt']);
    const restored = second.client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!;
    expect(restored.id).toBe(replyId);
    // Only the base's text: what the corrupt segment and the one after it held is replayed by the server.
    expect(restored.seq).toBe(baseSeq);
    clock.advance(60_000);
    const reply = second.client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!;
    expect(reply.status).toBe('complete');
    expect(reply.text).toBe(server.history(conversationId).at(-1)!.text);
  });

  it('storage filling up mid-stream is reported once as storage/quota; the reply completes, and the record catches up when space frees', () => {
    const inner = createMemoryStorage();
    let full = false;
    let refused = 0;
    const storage: KeyValueStorage = {
      getItem: (key) => inner.getItem(key),
      removeItem: (key) => inner.removeItem(key),
      setItem(key, value) {
        if (full) {
          refused += 1;
          throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError', code: 22 });
        }
        inner.setItem(key, value);
      },
    };
    const { client, clock, server } = start(storage);
    clock.advance(10);
    client.send('tell me a long story');
    const conversationId = client.getSnapshot().context.openConversationId!;
    clock.advance(1_000); // about 20 tokens in
    full = true;
    clock.advance(2_000);
    expect(refused).toBeGreaterThan(1); // the persister kept trying...
    expect(errorCodes(client).filter((code) => code === 'storage/quota')).toHaveLength(1); // ...and said so once
    clock.advance(60_000);
    const reply = client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!;
    expect(reply.status).toBe('complete');
    expect(reply.text).toBe(server.history(conversationId).at(-1)!.text);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(false);

    // A later change writes the latest state: no stale stream cursor is left behind.
    full = false;
    client.send('and another');
    clock.advance(60_000);
    const saved = decodeRecord(inner.getItem(KEY)!, 'alice').record!;
    expect(saved.outbox).toEqual([]);
    expect(saved.streams).toEqual([]);
  });

  it('storage that throws on every access (private browsing) is reported as storage/unavailable; the client works in memory', () => {
    const denied = (): never => {
      throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });
    };
    const storage: KeyValueStorage = { getItem: denied, setItem: denied, removeItem: denied };
    const { client, clock, server } = start(storage);
    expect(errorCodes(client)).toEqual(['storage/unavailable']);
    roundTrip(client, clock, server);
    expect(errorCodes(client).filter((code) => code.startsWith('storage/'))).toEqual(['storage/unavailable', 'storage/unavailable']);
  });

  it('a localStorage whose very access throws (site data blocked) makes the client fall back to memory, with storage/unavailable', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw Object.assign(new Error('Access is denied for this document.'), { name: 'SecurityError' });
      },
    });
    try {
      const clock = new FakeClock();
      const server = createFakeServer({ clock, tokensPerSecond: 20 });
      const client = createChatClient({ transport: server.transport, namespace: 'alice', clock, frameBatchMs: 0 });
      clients.push(client);
      expect(errorCodes(client)).toEqual(['storage/unavailable']);
      roundTrip(client, clock, server);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });

  it('two tabs queueing at once on one storage keep both queues: a refresh delivers every message exactly once', () => {
    const storage = createMemoryStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 50 });
    server.setDown(true);
    const tabA = start(storage, { clock, server, namespace: 'alice' });
    const tabB = start(storage, { clock, server, namespace: 'alice' });
    clock.advance(100);
    tabA.client.open('c1');
    const fromA = [tabA.client.send('from tab A, first'), tabA.client.send('from tab A, second')];
    clock.advance(1_000);
    tabB.client.open('c1');
    const fromB = [tabB.client.send('from tab B')];
    clock.advance(1_000);
    tabA.client.dispose();
    tabB.client.dispose();

    const restored = start(storage, { clock, server, namespace: 'alice' });
    expect(new Set(restored.client.getSnapshot().context.outbox.map((entry) => entry.messageId))).toEqual(new Set([...fromA, ...fromB]));
    server.setDown(false);
    restored.client.retry();
    clock.advance(120_000);
    const users = server.history('c1').filter((message) => message.role === 'user');
    expect(users.map((message) => message.id).sort()).toEqual([...fromA, ...fromB].sort());
    expect(restored.client.getSnapshot().context.outbox).toEqual([]);
    // Delivered: the next record written drops them, so no later refresh resends them.
    expect(decodeRecord(storage.getItem(KEY)!, 'alice').record?.outbox).toEqual([]);
  });

  it('a tab that delivered its messages drops them from storage, and keeps the other tab’s queue', () => {
    const storage = createMemoryStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 50 });
    server.setDown(true);
    const offline = start(storage, { clock, server });
    clock.advance(100);
    offline.client.open('c1');
    const queued = offline.client.send('typed in the offline tab');
    clock.advance(1_000);
    offline.client.dispose(); // closed before it could deliver

    server.setDown(false);
    const online = start(storage, { clock, server });
    clock.advance(30_000); // restores and delivers the offline tab's message
    const own = online.client.send('typed in the online tab', { conversationId: 'c1' });
    clock.advance(60_000);
    const ids = server.history('c1').filter((message) => message.role === 'user').map((message) => message.id);
    expect(ids).toEqual([queued, own]);
    expect(decodeRecord(storage.getItem(KEY)!, 'alice').record?.outbox).toEqual([]);
  });
});
