import { describe, expect, it } from 'vitest';
import { createChatClient } from '../createChatClient.ts';
import { selectIsProcessing } from '../../select/conversationView.ts';
import { createFakeServer } from '../../testing/createFakeServer.ts';
import { FakeClock } from '../../testing/FakeClock.ts';

/** The fake server announces `maxMessageChars: 8000` and the default 1 MiB frame limit. */
function setup() {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: 100 });
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: 'limits',
    storage: null,
    clock,
    frameBatchMs: 0,
    generateId: () => `id${++ids}`,
  });
  const sentTexts = () => server.fake.connections.flatMap((connection) => connection.sent).filter((frame) => frame.type === 'send');
  return { clock, server, client, sentTexts };
}

describe('oversized messages', () => {
  it('a message over the announced maxMessageChars fails at once, is never sent, and does not block the next one', () => {
    const { clock, server, client, sentTexts } = setup();
    clock.advance(10);
    const conversationId = client.newConversation();
    const big = client.send('x'.repeat(8001));
    const next = client.send('a normal message');
    clock.advance(30_000);

    const messages = client.getSnapshot().context.conversations[conversationId]!.messages;
    expect(messages.find((message) => message.id === big)?.status).toBe('error');
    expect(sentTexts().map((frame) => frame.type === 'send' && frame.messageId)).toEqual([next]);
    expect(server.history(conversationId).filter((message) => message.role === 'user').map((message) => message.id)).toEqual([next]);
    expect(client.getSnapshot().context.errors.map((error) => error.code)).toContain('usage/invalid');
    expect(client.getSnapshot().context.outbox).toEqual([]);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(false);
    client.dispose();
  });

  it('messages queued offline are checked against the limits the welcome announces, before the burst resends them', () => {
    const { clock, server, client, sentTexts } = setup();
    server.setDown(true);
    clock.advance(10);
    const conversationId = client.newConversation();
    const tooLongForThisServer = client.send('y'.repeat(9_000)); // under 1 MiB: limits unknown yet, so queued
    const overTheFrameLimit = client.send('z'.repeat(1_100_000)); // over any server's default frame: refused now
    const fine = client.send('short and sweet');
    expect(client.getSnapshot().context.outbox.map((entry) => entry.messageId)).toEqual([tooLongForThisServer, fine]);

    server.setDown(false);
    client.retry();
    clock.advance(30_000);
    const status = (id: string) => client.getSnapshot().context.conversations[conversationId]!.messages.find((message) => message.id === id)?.status;
    expect(status(tooLongForThisServer)).toBe('error');
    expect(status(overTheFrameLimit)).toBe('error');
    expect(status(fine)).toBe('complete');
    expect(sentTexts().map((frame) => frame.type === 'send' && frame.messageId)).toEqual([fine]);
    expect(client.getSnapshot().context.outbox).toEqual([]);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(false);
    client.dispose();
  });
});
