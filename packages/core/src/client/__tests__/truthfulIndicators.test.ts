import { describe, expect, it, vi } from 'vitest';
import { createChatClient } from '../createChatClient.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import type { KeyValueStorage } from '../../persistence/KeyValueStorage.ts';
import { storageKey } from '../../persistence/storageKey.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer } from '../../testing/createFakeServer.ts';
import { selectConversationStatus, selectIsPending, selectIsProcessing } from '../../select/conversationView.ts';
import { selectStorageError } from '../../select/storageError.ts';

function setup(options: { storage?: KeyValueStorage; clock?: FakeClock; server?: FakeServer; namespace?: string } = {}) {
  const clock = options.clock ?? new FakeClock();
  const server = options.server ?? createFakeServer({ clock, tokensPerSecond: 5 });
  const storage = options.storage ?? createMemoryStorage();
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: options.namespace ?? 'user-1',
    storage,
    clock,
    generateId: () => `id${++ids}x${Math.floor(clock.now() % 100000)}`,
    config: { maxAttempts: 50 },
    frameBatchMs: 0,
    persistThrottleMs: 0,
  });
  return { clock, server, storage, client };
}

const sentTypes = (server: FakeServer) => server.fake.connections.flatMap((connection) => connection.sent.map((frame) => frame.type));

describe('indicators that tell the truth', () => {
  it('calls a message that has not left the browser pending, not processing, and processing once it has', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    const conversationId = client.newConversation();
    clock.advance(10);
    server.setDown(true);
    server.dropAll();
    clock.advance(10);
    client.send('typed offline');
    expect(selectIsPending(client.getSnapshot(), conversationId)).toBe(true);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(false);

    server.setDown(false);
    client.retry();
    clock.advance(50);
    expect(selectIsPending(client.getSnapshot(), conversationId)).toBe(false);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(true);
  });

  it('counts a message sent on a live connection as processing from the moment it is sent', () => {
    const { clock, client } = setup();
    clock.advance(10);
    const conversationId = client.newConversation();
    clock.advance(10);
    client.send('hello');
    expect(selectIsPending(client.getSnapshot(), conversationId)).toBe(false);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(true);
  });

  it('cancels a queued send on stop: gone from the thread, the outbox and storage, never sent, no stopped reply', () => {
    const storage = createMemoryStorage();
    const { clock, server, client } = setup({ storage });
    clock.advance(10);
    const conversationId = client.newConversation();
    client.send('kept');
    clock.advance(60_000);
    server.setDown(true);
    server.dropAll();
    clock.advance(10);
    client.send('cancel me');
    expect(client.getSnapshot().matches({ disconnected: 'queueing' })).toBe(true);

    client.stop(conversationId);
    const snapshot = client.getSnapshot();
    expect(snapshot.context.outbox).toEqual([]);
    expect(snapshot.matches({ disconnected: 'waiting' })).toBe(true);
    expect(snapshot.context.conversations[conversationId]!.messages.map((m) => m.text)).not.toContain('cancel me');
    expect(selectIsPending(snapshot, conversationId)).toBe(false);
    clock.advance(1); // the persister's throttled write
    expect(JSON.parse(storage.getItem(storageKey('user-1'))!).outbox).toEqual([]);

    const before = sentTypes(server).length;
    server.setDown(false);
    client.retry();
    clock.advance(60_000);
    const after = sentTypes(server).slice(before);
    expect(after).not.toContain('send');
    expect(after).not.toContain('stop');
    const history = server.history(conversationId);
    expect(history.map((m) => m.text)).not.toContain('cancel me');
    expect(history.some((m) => m.status === 'stopped')).toBe(false);
    expect(client.getSnapshot().context.conversations[conversationId]!.messages.some((m) => m.status === 'stopped')).toBe(false);
  });

  it('still stops a reply that was streaming when the stop also cancels a queued send', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    const conversationId = client.newConversation();
    client.send('a long answer please');
    clock.advance(500);
    server.dropAll();
    server.setDown(true);
    clock.advance(10);
    client.send('queued behind it');
    client.stop(conversationId);
    expect(client.getSnapshot().context.outbox).toEqual([]);
    server.setDown(false);
    client.retry();
    clock.advance(100);
    expect(server.isGenerating(conversationId)).toBe(false);
    expect(server.history(conversationId).filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['a long answer please']);
  });

  it('does not recall on stop a message already written to a socket (the server may hold it): it is delivered once', () => {
    const storage = createMemoryStorage();
    const { clock, server, client } = setup({ storage });
    clock.advance(10);
    const conversationId = client.newConversation();
    clock.advance(10);
    server.pause(true); // the frame goes out; nothing comes back
    client.send('already on the wire');
    server.dropAll();
    server.setDown(true);
    server.pause(false);
    clock.advance(10);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    client.stop(conversationId);
    expect(client.getSnapshot().context.outbox.map((entry) => [entry.text, entry.sent])).toEqual([['already on the wire', true]]);
    clock.advance(1); // the persister's throttled write
    expect(JSON.parse(storage.getItem(storageKey('user-1'))!).outbox).toMatchObject([{ text: 'already on the wire', sent: true }]);

    server.setDown(false);
    client.retry();
    clock.advance(60_000);
    expect(server.history(conversationId).filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['already on the wire']);
    expect(client.getSnapshot().context.outbox).toEqual([]);
  });

  it('shows a conversation the server will not load as unavailable, and a new chat not sent yet as a new chat', () => {
    const { clock, client } = setup();
    clock.advance(10);
    client.open('someone-elses');
    clock.advance(50);
    expect(selectConversationStatus(client.getSnapshot(), 'someone-elses')).toBe('unavailable');

    const fresh = client.newConversation();
    clock.advance(50);
    expect(selectConversationStatus(client.getSnapshot(), fresh)).toBe('idle');
  });

  it('treats forbidden from an older server like not_found', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.open('refused');
    // The fake server answers not_found; an older server says forbidden for the same load.
    server.fake.current!.deliver({ type: 'error', code: 'forbidden', message: 'Not yours.', conversationId: 'refused' });
    clock.advance(10);
    expect(selectConversationStatus(client.getSnapshot(), 'refused')).toBe('unavailable');
  });

  it('never reopens an unavailable conversation from storage, and reopens a new chat not sent yet as a new chat', () => {
    const storage = createMemoryStorage();
    const first = setup({ storage });
    first.clock.advance(10);
    first.client.open('someone-elses');
    first.clock.advance(50);
    first.client.dispose();
    const second = setup({ storage, clock: first.clock, server: first.server });
    expect(second.client.getSnapshot().context.openConversationId).toBeNull();

    const fresh = second.client.newConversation();
    second.clock.advance(50);
    second.client.dispose();
    const third = setup({ storage, clock: first.clock, server: first.server });
    third.clock.advance(50);
    expect(third.client.getSnapshot().context.openConversationId).toBe(fresh);
    expect(selectConversationStatus(third.client.getSnapshot(), fresh)).toBe('idle');
  });

  it('exposes the newest storage problem, and none when storage is fine', () => {
    const fine = setup();
    expect(selectStorageError(fine.client.getSnapshot())).toBeNull();
    const storage = createMemoryStorage();
    storage.setItem(storageKey('user-1'), '{not json');
    const { client } = setup({ storage });
    expect(selectStorageError(client.getSnapshot())?.code).toBe('storage/corrupt');
  });
});

describe('storage problems in development', () => {
  it('logs one console warning per kind of problem, however often it happens', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const storage = createMemoryStorage();
      storage.setItem(storageKey('user-1'), '{not json');
      let writes = 0;
      const full: KeyValueStorage = {
        getItem: (key) => storage.getItem(key),
        removeItem: (key) => storage.removeItem(key),
        setItem: () => {
          writes += 1;
          throw new DOMException('full', 'QuotaExceededError');
        },
      };
      const { clock, client } = setup({ storage: full });
      clock.advance(10);
      client.send('one');
      clock.advance(1_000);
      client.send('two');
      clock.advance(1_000);
      expect(writes).toBeGreaterThan(1);
      expect(warn.mock.calls.map((args) => String(args[0]))).toEqual([
        expect.stringMatching(/^\[rejoin\]/),
        expect.stringMatching(/^\[rejoin\]/),
      ]);
      expect(client.getSnapshot().context.errors.map((error) => error.code)).toEqual(
        expect.arrayContaining(['storage/corrupt', 'storage/quota']),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
