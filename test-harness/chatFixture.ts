/**
 * Framework-agnostic setups for the adapter suites: one fake server on one fake clock, and clients
 * created on it the way pages load (same storage = a refresh). Both adapters' suites build their
 * scenarios from these, so they test the same situations.
 */
import { createChatClient, createMemoryStorage, type ChatClient, type ChatMessage } from '@rejoin/core';
import { FakeClock, createFakeServer, type FakeServer, type FakeServerOptions } from '@rejoin/core/testing';

/** Whose data the fixture's clients persist. */
export const NAMESPACE = 'user-1';

/** Fake time between two tokens of a streaming reply: advancing by this delivers exactly one chunk. */
export const TOKEN_MS = 100;

export interface ChatFixture {
  readonly clock: FakeClock;
  readonly server: FakeServer;
  /** What the browser keeps between page loads. */
  readonly storage: ReturnType<typeof createMemoryStorage>;
  /** A page load: a client on this server, clock and storage. */
  createClient(options?: { readonly autoConnect?: boolean }): ChatClient;
}

/** @param reply the server's scripted replies (parts and approvals included); @default its text reply */
export function createChatFixture(options: { readonly reply?: FakeServerOptions['reply'] } = {}): ChatFixture {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: 1000 / TOKEN_MS, ...(options.reply === undefined ? {} : { reply: options.reply }) });
  const storage = createMemoryStorage();
  let pages = 0;
  return {
    clock,
    server,
    storage,
    createClient(options = {}) {
      const page = ++pages;
      let ids = 0;
      return createChatClient({
        transport: server.transport,
        namespace: NAMESPACE,
        storage,
        clock,
        generateId: () => `p${page}m${++ids}`,
        config: { maxAttempts: 3 },
        // Simulated pages share one realm and a fake server: each keeps its own socket, as separate
        // browsers would (in a real browser, Web Locks would otherwise make them one).
        tabs: 'independent',
        ...(options.autoConnect === undefined ? {} : { autoConnect: options.autoConnect }),
      });
    },
  };
}

/** The storage's entries, to seed another storage with (the server's copy of a browser's record, say). */
export function entriesOf(storage: ChatFixture['storage']): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index)!;
    entries[key] = storage.getItem(key)!;
  }
  return entries;
}

/** The messages of a conversation as the client holds them. */
export function messagesOf(client: ChatClient, conversationId: string): readonly ChatMessage[] {
  return client.getSnapshot().context.conversations[conversationId]?.messages ?? [];
}

/**
 * Fills a new conversation with `completedRounds` question-and-answer pairs, then asks once more and
 * lets the reply stream for a few tokens. Returns the conversation and the streaming message ids.
 */
export function streamInLongConversation(
  fixture: ChatFixture,
  client: ChatClient,
  completedRounds: number,
): { readonly conversationId: string; readonly streamingId: string } {
  const { clock, server } = fixture;
  clock.advance(10);
  const conversationId = client.newConversation();
  server.setTokensPerSecond(100_000);
  for (let round = 0; round < completedRounds; round += 1) {
    client.send(`question ${round}`);
    clock.advance(5);
  }
  server.setTokensPerSecond(1000 / TOKEN_MS);
  client.send('and one more, streaming');
  clock.advance(3 * TOKEN_MS + TOKEN_MS / 2);
  const streaming = messagesOf(client, conversationId).at(-1);
  if (streaming?.status !== 'streaming') throw new Error(`expected a streaming reply, got ${streaming?.status}`);
  return { conversationId, streamingId: streaming.id };
}

/**
 * A page that streamed part of a reply and went away (refresh): its client is disposed, the
 * storage keeps the partial text and the cursor. Returns what the next page load should resume.
 */
export function leaveMidStream(fixture: ChatFixture): {
  readonly conversationId: string;
  /** The user message the reply answers. */
  readonly question: ChatMessage;
  readonly message: ChatMessage;
} {
  const first = fixture.createClient();
  fixture.clock.advance(10);
  first.send('tell me a story');
  fixture.clock.advance(8 * TOKEN_MS + TOKEN_MS / 2);
  const conversationId = first.getSnapshot().context.openConversationId!;
  const [question, message] = messagesOf(first, conversationId);
  if (question?.role !== 'user' || message === undefined) throw new Error('expected a question and its reply');
  if (message.status !== 'streaming' || (message.seq ?? 0) < 5) throw new Error('expected a reply streaming for a few tokens');
  first.dispose();
  return { conversationId, question, message };
}
