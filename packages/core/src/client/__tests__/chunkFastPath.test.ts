import { describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../createChatClient.ts';
import type { ChatSnapshot } from '../../machine/chatMachine.ts';
import { FAST_PATH_COMMIT_MS } from '../../fastpath/createChunkFastPath.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import type { KeyValueStorage } from '../../persistence/KeyValueStorage.ts';
import type { ServerFrame } from '../../protocol/frames.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer } from '../../testing/createFakeServer.ts';
import { createFakeTransport } from '../../testing/createFakeTransport.ts';

const C = 'c1';
const REPLY = 'a1';

const chunk = (seq: number, text: string): ServerFrame => ({ type: 'chunk', conversationId: C, messageId: REPLY, seq, text });

/** A client on the scripted transport, through the handshake, following reply `a1` (default 16 ms window). */
function streamingClient(options: { storage?: KeyValueStorage; persistThrottleMs?: number } = {}) {
  const clock = new FakeClock();
  const fake = createFakeTransport();
  const storage = options.storage ?? createMemoryStorage();
  const client = createChatClient({
    transport: fake.transport,
    clock,
    storage,
    namespace: 'user-1',
    ...(options.persistThrottleMs === undefined ? {} : { persistThrottleMs: options.persistThrottleMs }),
  });
  client.open(C);
  const connection = fake.current!;
  connection.accept();
  connection.deliver({
    type: 'welcome',
    v: 1,
    sessionId: 's1',
    activeStreams: [],
    lostStreams: [],
    limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
    heartbeatMs: 30_000,
  });
  connection.deliver({
    type: 'conversation',
    conversationId: C,
    status: 'idle',
    messages: [{ id: 'u1', role: 'user', text: 'hi', status: 'complete', createdAt: 1 }],
    activeStream: null,
  });
  connection.deliver({ type: 'message_start', conversationId: C, messageId: REPLY, replyTo: 'u1', index: 1, createdAt: 2 });
  clock.flush();
  expect(client.getSnapshot().matches({ connected: { ready: 'streaming' } })).toBe(true);
  let notifications = 0;
  client.subscribe(() => (notifications += 1));
  return { clock, fake, connection, storage, client, notifications: () => notifications };
}

const replyOf = (snapshot: ChatSnapshot) => snapshot.context.conversations[C]?.messages.find((message) => message.id === REPLY);

function shownReply(client: ChatClient) {
  return replyOf(client.getSnapshot());
}

describe('the client with the chunk fast path', () => {
  it('shows the chunks of a window at its end, with one notification for the window', () => {
    const { clock, connection, client, notifications } = streamingClient();
    const tokens = ['Once', ' upon', ' a', ' time'];
    tokens.forEach((token, index) => {
      connection.deliver(chunk(index + 1, token));
      clock.advance(2);
    });
    expect(shownReply(client)?.text).toBe('');
    expect(notifications()).toBe(0);
    clock.advance(16);
    expect(shownReply(client)).toMatchObject({ text: 'Once upon a time', seq: 4, status: 'streaming' });
    expect(notifications()).toBe(1);
  });

  it('lets the actor catch up on the next commit, without a new message object for the rows', () => {
    const { clock, connection, client } = streamingClient();
    connection.deliver(chunk(1, 'a'));
    connection.deliver(chunk(2, 'b'));
    clock.advance(16);
    const shown = shownReply(client);
    expect(replyOf(client.actor.getSnapshot())?.text).toBe('');
    clock.advance(FAST_PATH_COMMIT_MS);
    expect(replyOf(client.actor.getSnapshot())).toMatchObject({ text: 'ab', seq: 2 });
    expect(shownReply(client)).toBe(shown);
  });

  it('commits what was received when the socket drops, and resumes from it', () => {
    const { clock, fake, connection, client } = streamingClient();
    connection.deliver(chunk(1, 'a'));
    connection.deliver(chunk(2, 'b'));
    clock.advance(16);
    connection.drop(1006, 'gone');
    expect(replyOf(client.actor.getSnapshot())).toMatchObject({ text: 'ab', seq: 2 });
    // The backoff is random: wait for the next attempt.
    for (let waited = 0; fake.connections.length === 1 && waited < 60_000; waited += 100) clock.advance(100);
    const next = fake.current!;
    expect(next).not.toBe(connection);
    next.accept();
    expect(next.sent.find((frame) => frame.type === 'hello')).toMatchObject({
      cursors: [{ conversationId: C, messageId: REPLY, lastSeq: 2 }],
    });
  });

  it('persists the buffered text before the machine has it, so a reload shows it', () => {
    const storage = createMemoryStorage();
    const { clock, connection, client } = streamingClient({ storage, persistThrottleMs: 0 });
    connection.deliver(chunk(1, 'Hello'));
    connection.deliver(chunk(2, ' there'));
    clock.advance(16);
    expect(replyOf(client.actor.getSnapshot())?.text).toBe('');
    const reloaded = createChatClient({
      transport: createFakeTransport().transport,
      clock,
      storage,
      namespace: 'user-1',
      autoConnect: false,
    });
    expect(replyOf(reloaded.getSnapshot())).toMatchObject({ text: 'Hello there', seq: 2, status: 'streaming' });
    reloaded.dispose();
  });

  it('resumes after a refresh with text still buffered, with no lost or doubled token', () => {
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 400 });
    const storage = createMemoryStorage();
    const start = () => createChatClient({ transport: server.transport, clock, storage, namespace: 'user-1' });
    const first = start();
    clock.advance(10);
    first.send('tell me a long story');
    // Stop while chunks are buffered: the screen is ahead of the machine.
    let steps = 0;
    const lagging = () => {
      const conversationId = first.getSnapshot().context.openConversationId!;
      const shown = first.getSnapshot().context.conversations[conversationId]?.messages.find((m) => m.role === 'assistant');
      const held = first.actor.getSnapshot().context.conversations[conversationId]?.messages.find((m) => m.role === 'assistant');
      return shown !== undefined && (shown.seq ?? 0) > 3 && (held?.seq ?? 0) < (shown.seq ?? 0);
    };
    while (!lagging() && steps < 1_000) {
      clock.advance(5);
      steps += 1;
    }
    expect(lagging()).toBe(true);
    const conversationId = first.getSnapshot().context.openConversationId!;
    const partial = first.getSnapshot().context.conversations[conversationId]!.messages.find((m) => m.role === 'assistant')!;
    first.dispose();

    const second = start();
    const restored = second.getSnapshot().context.conversations[conversationId]!.messages.find((m) => m.id === partial.id)!;
    expect([restored.text, restored.seq]).toEqual([partial.text, partial.seq]);
    clock.advance(120_000);
    const final = second.getSnapshot().context.conversations[conversationId]!.messages;
    expect(final.map((m) => [m.id, m.text, m.status])).toEqual(server.history(conversationId).map((m) => [m.id, m.text, m.status]));
    second.dispose();
  });

  it('does not count chunks that arrived before a probe as an answer to it, so a half-open socket is still found', () => {
    const { clock, connection, client } = streamingClient();
    // The probe goes out at 15 s and is judged at 25 s; these chunks come just before it and are
    // committed (counted by the machine) only after it.
    clock.advance(14_900);
    connection.deliver(chunk(1, 'a'));
    clock.advance(16);
    expect(connection.sent.filter((frame) => frame.type === 'ping')).toHaveLength(0);
    clock.advance(100);
    expect(connection.sent.filter((frame) => frame.type === 'ping')).toHaveLength(1);
    // Silent from here on: the heartbeat must give up at 25 s.
    clock.advance(10_000);
    expect(client.actor.getSnapshot().hasTag('disconnected')).toBe(true);
    expect(shownReply(client)).toMatchObject({ text: 'a', seq: 1 });
    client.dispose();
  });

  describe('when the machine itself stops the socket with text buffered', () => {
    /** A client streaming a long reply from the fake server, stopped where the screen is ahead of the machine. */
    function laggingClient() {
      const clock = new FakeClock();
      const server = createFakeServer({ clock, tokensPerSecond: 400 });
      const client = createChatClient({ transport: server.transport, clock, storage: createMemoryStorage(), namespace: 'user-1' });
      clock.advance(10);
      client.send('tell me a long story');
      const reply = (snapshot: ChatSnapshot) => {
        const conversationId = snapshot.context.openConversationId;
        return conversationId === null ? undefined : snapshot.context.conversations[conversationId]?.messages.find((m) => m.role === 'assistant');
      };
      const lagging = () => (reply(client.getSnapshot())?.seq ?? 0) > 3 && (reply(client.actor.getSnapshot())?.seq ?? 0) < (reply(client.getSnapshot())?.seq ?? 0);
      for (let steps = 0; !lagging() && steps < 1_000; steps += 1) clock.advance(5);
      expect(lagging()).toBe(true);
      // Every text the app is shown, in order, from here on.
      const shown: string[] = [reply(client.getSnapshot())!.text];
      client.subscribe(() => shown.push(reply(client.getSnapshot())?.text ?? ''));
      const neverShrinks = () => {
        for (let index = 1; index < shown.length; index += 1) expect(shown[index]!.startsWith(shown[index - 1]!), `"${shown[index - 1]}" then "${shown[index]}"`).toBe(true);
      };
      const finalMatchesServer = () => {
        const conversationId = client.getSnapshot().context.openConversationId!;
        const messages = client.getSnapshot().context.conversations[conversationId]!.messages;
        expect(messages.map((m) => [m.id, m.text, m.status])).toEqual(server.history(conversationId).map((m) => [m.id, m.text, m.status]));
      };
      return { clock, server, client, reply, shown, neverShrinks, finalMatchesServer };
    }

    it('keeps the text shown when the browser goes offline, and resumes after it with the exact text once', () => {
      const { clock, client, reply, shown, neverShrinks, finalMatchesServer } = laggingClient();
      const before = reply(client.getSnapshot())!;
      client.actor.send({ type: 'BROWSER_OFFLINE', at: clock.now() });
      expect(client.getSnapshot().hasTag('disconnected')).toBe(true);
      // The machine folded the buffer after the socket stopped: the hello cursor includes it.
      expect(reply(client.actor.getSnapshot())).toMatchObject({ text: before.text, seq: before.seq });
      expect(reply(client.getSnapshot())).toMatchObject({ text: before.text, seq: before.seq });
      client.actor.send({ type: 'BROWSER_ONLINE' });
      clock.advance(120_000);
      neverShrinks();
      expect(shown.length).toBeGreaterThan(2);
      finalMatchesServer();
      client.dispose();
    });

    it('keeps the text shown through a heartbeat timeout, and resumes after it with the exact text once', () => {
      const { clock, fake, connection, client } = streamingClient();
      const shown: string[] = [];
      client.subscribe(() => shown.push(shownReply(client)?.text ?? ''));
      // Silent since the handshake, the probe goes out at 15 s and is judged at 25 s; chunks that
      // reach only the buffer just before that are still buffered when the machine gives up.
      clock.advance(24_900);
      connection.deliver(chunk(1, 'Hel'));
      connection.deliver(chunk(2, 'lo'));
      clock.advance(16);
      expect(shownReply(client)?.text).toBe('Hello');
      clock.advance(100);
      expect(client.actor.getSnapshot().hasTag('disconnected')).toBe(true);
      expect(shown.every((text, index) => index === 0 || text.startsWith(shown[index - 1]!))).toBe(true);
      expect(shownReply(client)).toMatchObject({ text: 'Hello', seq: 2 });
      expect(replyOf(client.actor.getSnapshot())).toMatchObject({ text: 'Hello', seq: 2 });
      for (let waited = 0; fake.connections.length === 1 && waited < 60_000; waited += 100) clock.advance(100);
      const next = fake.current!;
      next.accept();
      expect(next.sent.find((frame) => frame.type === 'hello')).toMatchObject({ cursors: [{ conversationId: C, messageId: REPLY, lastSeq: 2 }] });
      next.deliver({
        type: 'welcome',
        v: 1,
        sessionId: 's2',
        activeStreams: [],
        lostStreams: [],
        limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
        heartbeatMs: 30_000,
      });
      // The server replays after the cursor: only what is missing.
      next.deliver(chunk(3, '!'));
      next.deliver({ type: 'message_end', conversationId: C, messageId: REPLY, lastSeq: 3, finishReason: 'complete' });
      clock.advance(16);
      expect(shownReply(client)).toMatchObject({ text: 'Hello!', status: 'complete' });
      expect(shown.every((text, index) => index === 0 || text.startsWith(shown[index - 1]!))).toBe(true);
      client.dispose();
    });
  });
});
