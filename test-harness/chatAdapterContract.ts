/**
 * The behaviour every Rejoin framework binding must show, written once against a small harness
 * API (zag's pattern): each adapter implements `ChatAdapterHarness` by mounting the same reference
 * chat view with its own hooks, and runs `describeChatAdapterContract`. The suites mirror each
 * other because they are the same suite.
 *
 * The resume test is the one Vercel's `useChat` fails under StrictMode (it resumes twice): run in
 * StrictMode, it checks that a persisted mid-stream cursor is resumed once.
 *
 * The reference view has four sibling parts, each counted separately:
 * - `conversation`: `useConversation(id)` (messages, status, isProcessing, isPending, send, stop);
 * - `messageList`: `useMessageIds(id)`, rendering one `row:<messageId>` per id with `useMessage`;
 * - `connection`: `useConnection()`;
 * - `conversationList`: `useConversationList()`.
 */
import { describe, expect, it } from 'vitest';
import type { ChatClient, ChatMessage, ClientFrame, ConnectionView, ConversationListItem, ConversationViewStatus } from '@rejoin/core';
import { createChatFixture, leaveMidStream, streamInLongConversation, TOKEN_MS, type ChatFixture } from './chatFixture.ts';
import { trackSubscriptions } from './trackSubscriptions.ts';

/** What the hooks returned at the latest render, as plain values. */
export interface ChatProbeValues {
  readonly conversation: {
    readonly messages: readonly ChatMessage[];
    readonly status: ConversationViewStatus;
    readonly isProcessing: boolean;
    readonly isPending: boolean;
    send(text: string): string;
    stop(): void;
    approveToolCall(messageId: string, toolCallId: string, reason?: string): void;
    denyToolCall(messageId: string, toolCallId: string, reason?: string): void;
  };
  readonly connection: ConnectionView & { retry(): void };
  readonly conversations: readonly ConversationListItem[];
}

export interface ChatProbe {
  values(): ChatProbeValues;
  /** The rows on screen: message id and text, in order. */
  rows(): { readonly id: string; readonly text: string }[];
  /** Committed renders per part since the last `resetRenders()` (a part absent rendered 0 times). */
  renders(): Readonly<Record<string, number>>;
  resetRenders(): void;
  /** Runs `change` (advance the clock, call a command) and lets the framework render what it caused. */
  act(change: () => void): Promise<void>;
  /** Shows another conversation: a new prop (React), a new ref value (Vue). */
  show(conversationId: string): Promise<void>;
  unmount(): Promise<void>;
}

export interface ChatAdapterHarness {
  /** Names the suite, e.g. `React (StrictMode)`. */
  readonly name: string;
  mount(client: ChatClient, conversationId: string): Promise<ChatProbe>;
}

/** Frames of `type` the clients sent, on every connection from the `from`-th on. */
const framesSent = (fixture: ChatFixture, type: ClientFrame['type'], from = 0): ClientFrame[] =>
  fixture.server.fake.connections.slice(from).flatMap((connection) => connection.sent.filter((frame) => frame.type === type));

export function describeChatAdapterContract(harness: ChatAdapterHarness): void {
  describe(`${harness.name}: the chat adapter contract`, () => {
    it('shows a restored stream on the first render, before any frame is exchanged', async () => {
      const fixture = createChatFixture();
      const { conversationId, question, message } = leaveMidStream(fixture);
      const client = fixture.createClient();
      const probe = await harness.mount(client, conversationId);
      expect(probe.rows()).toEqual([
        { id: question.id, text: question.text },
        { id: message.id, text: message.text },
      ]);
      expect(probe.values().conversation.status).toBe('streaming');
      expect(fixture.server.fake.current!.sent).toEqual([]);
      await probe.unmount();
      client.dispose();
    });

    it('resumes a persisted stream once: one connection, one hello, one load, no duplicate subscribe', async () => {
      const fixture = createChatFixture();
      const { conversationId, message } = leaveMidStream(fixture);
      const firstPageConnections = fixture.server.fake.connections.length;
      const client = fixture.createClient();
      const probe = await harness.mount(client, conversationId);
      await probe.act(() => fixture.clock.advance(60_000));

      expect(fixture.server.fake.connections.length - firstPageConnections).toBe(1);
      const hellos = framesSent(fixture, 'hello', firstPageConnections);
      expect(hellos).toEqual([expect.objectContaining({ cursors: [{ conversationId, messageId: message.id, lastSeq: message.seq }] })]);
      expect(framesSent(fixture, 'load', firstPageConnections)).toEqual([{ type: 'load', conversationId }]);
      const subscribes = framesSent(fixture, 'subscribe', firstPageConnections).map((frame) => JSON.stringify(frame));
      expect(new Set(subscribes).size).toBe(subscribes.length);
      // No token lost or doubled: the row ends with the server's text.
      const canonical = fixture.server.history(conversationId).find((m) => m.id === message.id)!;
      expect(probe.rows().at(-1)).toEqual({ id: message.id, text: canonical.text });
      await probe.unmount();
      client.dispose();
    });

    it('re-renders only the streaming row when a chunk arrives, among 200 messages', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      const { conversationId, streamingId } = streamInLongConversation(fixture, client, 99);
      const probe = await harness.mount(client, conversationId);
      expect(probe.rows()).toHaveLength(200);
      const before = probe.rows().at(-1)!.text;

      probe.resetRenders();
      await probe.act(() => fixture.clock.advance(TOKEN_MS));

      const renders = probe.renders();
      console.log(`[render counts] ${harness.name}, one chunk among 200 messages:`, JSON.stringify(summarize(renders, streamingId)));
      expect(probe.rows().at(-1)!.text.length).toBeGreaterThan(before.length);
      expect(renders[`row:${streamingId}`]).toBe(1);
      const others = Object.entries(renders).filter(([part, count]) => part.startsWith('row:') && part !== `row:${streamingId}` && count > 0);
      expect(others).toEqual([]);
      expect(renders.messageList ?? 0).toBe(0);
      expect(renders.connection ?? 0).toBe(0);
      expect(renders.conversationList ?? 0).toBe(0);
      expect(renders.conversation).toBe(1);
      await probe.unmount();
      client.dispose();
    });

    it('sends into the conversation it shows, and is processing until the reply completes', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      fixture.clock.advance(10);
      const probe = await harness.mount(client, 'c-fresh');
      await probe.act(() => fixture.clock.advance(10));
      expect(probe.values().conversation.isProcessing).toBe(false);

      let sentId = '';
      await probe.act(() => {
        sentId = probe.values().conversation.send('hello there');
      });
      expect(probe.values().conversation.isProcessing).toBe(true);
      expect(probe.rows()[0]).toEqual({ id: sentId, text: 'hello there' });

      await probe.act(() => fixture.clock.advance(3 * TOKEN_MS));
      expect(probe.values().conversation.status).toBe('streaming');
      await probe.act(() => fixture.clock.advance(60_000));

      const { conversation } = probe.values();
      expect(conversation.isProcessing).toBe(false);
      expect(conversation.status).toBe('idle');
      const canonical = fixture.server.history('c-fresh');
      expect(canonical.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(probe.rows()).toEqual(canonical.map((m) => ({ id: m.id, text: m.text })));
      await probe.unmount();
      client.dispose();
    });

    it('stops the reply of the conversation it shows', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      const { conversationId, streamingId } = streamInLongConversation(fixture, client, 0);
      const probe = await harness.mount(client, conversationId);
      await probe.act(() => probe.values().conversation.stop());
      await probe.act(() => fixture.clock.advance(10 * TOKEN_MS));

      expect(fixture.server.isGenerating(conversationId)).toBe(false);
      const { conversation } = probe.values();
      expect(conversation.messages.find((m) => m.id === streamingId)?.status).toBe('stopped');
      expect(conversation.isProcessing).toBe(false);
      await probe.unmount();
      client.dispose();
    });

    it('opens the conversation it shows with one load, even when effects run twice', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      fixture.clock.advance(10);
      const shown = client.newConversation();
      client.send('a question');
      fixture.clock.advance(60_000);
      client.newConversation();
      fixture.clock.advance(10);
      const loadsBefore = framesSent(fixture, 'load').length;

      const probe = await harness.mount(client, shown);
      await probe.act(() => fixture.clock.advance(10));

      expect(framesSent(fixture, 'load').slice(loadsBefore)).toEqual([{ type: 'load', conversationId: shown }]);
      expect(client.getSnapshot().context.openConversationId).toBe(shown);
      expect(probe.rows()).toEqual(fixture.server.history(shown).map((m) => ({ id: m.id, text: m.text })));
      await probe.unmount();
      client.dispose();
    });

    it('follows the new conversation when the id changes, loading only that one', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      fixture.clock.advance(10);
      const first = client.newConversation();
      client.send('first question');
      fixture.clock.advance(60_000);
      const second = client.newConversation();
      client.send('second question');
      fixture.clock.advance(60_000);
      client.open(first);
      fixture.clock.advance(10);
      const loadsBefore = framesSent(fixture, 'load').length;

      const probe = await harness.mount(client, first);
      expect(probe.rows().map((row) => row.text)[0]).toBe('first question');
      await probe.show(second);
      await probe.act(() => fixture.clock.advance(10));

      expect(probe.rows()).toEqual(fixture.server.history(second).map((m) => ({ id: m.id, text: m.text })));
      expect(client.getSnapshot().context.openConversationId).toBe(second);
      expect(framesSent(fixture, 'load').slice(loadsBefore)).toEqual([{ type: 'load', conversationId: second }]);
      await probe.unmount();
      client.dispose();
    });

    it('reports the connection, counts queued messages, and reconnects on retry', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      const probe = await harness.mount(client, 'c-offline');
      await probe.act(() => fixture.clock.advance(10));
      expect(probe.values().connection.state).toBe('connected');

      await probe.act(() => fixture.server.setDown(true));
      expect(probe.values().connection).toMatchObject({ state: 'disconnected', attempt: 1, queued: 0 });
      expect(probe.values().connection.nextRetryAt).toBeGreaterThanOrEqual(fixture.clock.now());
      await probe.act(() => probe.values().conversation.send('typed offline'));
      expect(probe.values().connection.queued).toBe(1);
      // Not left the browser: pending, and nothing is said to be responding.
      expect(probe.values().conversation).toMatchObject({ isPending: true, isProcessing: false });

      await probe.act(() => fixture.clock.advance(10 * 60_000));
      expect(probe.values().connection.state).toBe('failed');
      await probe.act(() => {
        fixture.server.setDown(false);
        probe.values().connection.retry();
        fixture.clock.advance(100);
      });
      expect(probe.values().connection).toMatchObject({ state: 'connected', attempt: 0, nextRetryAt: null, queued: 0 });
      expect(probe.values().conversation).toMatchObject({ isPending: false, isProcessing: true });
      expect(fixture.server.history('c-offline').map((m) => m.text)[0]).toBe('typed offline');
      await probe.unmount();
      client.dispose();
    });

    it('lists the conversations with a streaming dot that goes out when the reply ends', async () => {
      const fixture = createChatFixture();
      const client = fixture.createClient();
      const { conversationId } = streamInLongConversation(fixture, client, 0);
      const probe = await harness.mount(client, conversationId);
      expect(probe.values().conversations).toEqual([expect.objectContaining({ conversationId, streaming: true })]);
      await probe.act(() => fixture.clock.advance(60_000));
      expect(probe.values().conversations).toEqual([expect.objectContaining({ conversationId, streaming: false })]);
      await probe.unmount();
      client.dispose();
    });

    it('approves a tool call through the hook: shown at once, sent once, the same reply goes on; a part chunk renders only its row', async () => {
      const fixture = createChatFixture({
        reply: () => [
          'Checking. ',
          { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'pay', input: { eur: 5 } },
          { awaitApproval: 'call_1', ifApproved: [{ kind: 'tool-output', toolCallId: 'call_1', output: 'paid' }], ifDenied: [] },
          { kind: 'source', sourceId: 's1', url: 'https://example.com/receipt' },
          'Done.',
        ],
      });
      const client = fixture.createClient();
      const probe = await harness.mount(client, 'cv_parts');
      await probe.act(() => fixture.clock.advance(10));
      await probe.act(() => void probe.values().conversation.send('pay 5 euros'));
      await probe.act(() => fixture.clock.advance(10 * TOKEN_MS));
      const replyOf = () => probe.values().conversation.messages.find((message) => message.role === 'assistant')!;
      const toolOf = () => replyOf().parts.find((part) => part.type === 'tool-call');
      expect(toolOf()).toMatchObject({ state: 'approval-requested' });
      const { id } = replyOf();

      await probe.act(() => probe.values().conversation.approveToolCall(id, 'call_1'));
      expect(toolOf()).toMatchObject({ state: 'approval-responded', approval: { approved: true } });
      expect(framesSent(fixture, 'approve')).toHaveLength(1);

      // The approval response and the tool output arrive; then the source, one part chunk alone.
      const advanceUntil = async (done: () => boolean) => {
        for (let step = 0; step < 40 && !done(); step += 1) await probe.act(() => fixture.clock.advance(TOKEN_MS / 10));
      };
      await advanceUntil(() => toolOf()?.state === 'output-available');
      probe.resetRenders();
      await advanceUntil(() => replyOf().parts.at(-1)?.type === 'source');
      expect(replyOf().parts.at(-1)).toEqual({ type: 'source', sourceId: 's1', url: 'https://example.com/receipt' });
      expect(summarize(probe.renders(), id)).toMatchObject({ streamingRow: 1, otherRowsMax: 0, messageList: 0 });

      await probe.act(() => fixture.clock.advance(10 * TOKEN_MS));
      expect(replyOf()).toMatchObject({ id, status: 'complete', text: 'Checking. Done.' });
      expect(toolOf()).toMatchObject({ state: 'output-available', output: 'paid' });
      expect(framesSent(fixture, 'approve')).toHaveLength(1);
      await probe.unmount();
      client.dispose();
    });

    it('leaves no subscription behind once unmounted', async () => {
      const fixture = createChatFixture();
      const tracked = trackSubscriptions(fixture.createClient());
      const { conversationId } = streamInLongConversation(fixture, tracked.client, 2);
      const probe = await harness.mount(tracked.client, conversationId);
      expect(tracked.active()).toBeGreaterThan(0);
      await probe.unmount();
      expect(tracked.active()).toBe(0);
      fixture.clock.advance(10 * TOKEN_MS);
      tracked.client.dispose();
    });
  });
}

/** The streaming row, the largest count among the other rows, and the other parts. */
function summarize(renders: Readonly<Record<string, number>>, streamingId: string): Record<string, number> {
  const otherRows = Object.entries(renders).filter(([part]) => part.startsWith('row:') && part !== `row:${streamingId}`);
  return {
    streamingRow: renders[`row:${streamingId}`] ?? 0,
    otherRowsMax: Math.max(0, ...otherRows.map(([, count]) => count)),
    messageList: renders.messageList ?? 0,
    conversation: renders.conversation ?? 0,
    connection: renders.connection ?? 0,
    conversationList: renders.conversationList ?? 0,
  };
}
