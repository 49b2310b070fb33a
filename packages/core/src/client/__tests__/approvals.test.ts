import { describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../createChatClient.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import type { KeyValueStorage } from '../../persistence/KeyValueStorage.ts';
import type { ToolCallPart } from '../../model/parts.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer, type ReplyStep } from '../../testing/createFakeServer.ts';
import { RejoinError } from '../../errors/RejoinError.ts';

/** A reply that reasons, asks to run a payment, and goes on after the user's decision. */
const paymentReply: readonly ReplyStep[] = [
  { kind: 'reasoning-delta', delta: 'The user wants to pay.' },
  'Let me ',
  'pay that.',
  { kind: 'tool-input-available', toolCallId: 'call_pay', toolName: 'pay', input: { eur: 5 } },
  {
    awaitApproval: 'call_pay',
    ifApproved: [{ kind: 'tool-output', toolCallId: 'call_pay', output: { ok: true } }, 'Paid.'],
    ifDenied: ['Not paid.'],
  },
  ' Anything else?',
];

function setup(options: { storage?: KeyValueStorage; clock?: FakeClock; server?: FakeServer; maxVersion?: number } = {}) {
  const clock = options.clock ?? new FakeClock();
  const server =
    options.server ??
    createFakeServer({ clock, tokensPerSecond: 20, reply: () => paymentReply, ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }) });
  const storage = options.storage ?? createMemoryStorage();
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: 'user-1',
    storage,
    clock,
    generateId: () => `id${++ids}x${Math.floor(clock.now() % 100000)}`,
    frameBatchMs: 0,
  });
  return { clock, server, storage, client };
}

function reply(client: ChatClient) {
  const { context } = client.getSnapshot();
  const messages = context.conversations[context.openConversationId!]?.messages ?? [];
  return messages.find((message) => message.role === 'assistant')!;
}

function toolOf(client: ChatClient): ToolCallPart {
  return reply(client).parts.find((part): part is ToolCallPart => part.type === 'tool-call')!;
}

function approvesSent(server: FakeServer) {
  return server.fake.connections.flatMap((connection) => connection.sent.filter((frame) => frame.type === 'approve'));
}

describe('tool approvals on the fake server (protocol v2)', () => {
  it('pauses the reply on an approval request, with the message and conversation still streaming', () => {
    const { clock, client } = setup();
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    expect(toolOf(client)).toMatchObject({ state: 'approval-requested', input: { eur: 5 } });
    expect(reply(client).status).toBe('streaming');
    expect(reply(client).parts.map((part) => part.type)).toEqual(['reasoning', 'text', 'tool-call']);
    expect(client.getSnapshot().matches({ connected: { ready: 'streaming' } })).toBe(true);
  });

  it('shows an approval at once, sends it once, and continues the same message after it', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    const messageId = reply(client).id;
    client.approveTool({ messageId, toolCallId: 'call_pay' });
    // Optimistic: shown before the server answers (the fake transport delivers on the next tick).
    expect(toolOf(client)).toMatchObject({ state: 'approval-responded', approval: { approved: true } });
    expect(approvesSent(server)).toHaveLength(1);
    clock.advance(10_000);
    expect(reply(client).id).toBe(messageId);
    expect(reply(client)).toMatchObject({ status: 'complete', text: 'Let me pay that.Paid. Anything else?' });
    expect(toolOf(client)).toMatchObject({ state: 'output-available', output: { ok: true }, approval: { approved: true } });
    expect(client.getSnapshot().context.approvals).toEqual([]);
    const conversationId = client.getSnapshot().context.openConversationId!;
    expect(reply(client).parts).toEqual(server.history(conversationId)[1]!.parts);
  });

  it('denies with a reason: the tool ends denied and the model goes on', () => {
    const { clock, client } = setup();
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    client.denyTool({ messageId: reply(client).id, toolCallId: 'call_pay' }, 'too much');
    clock.advance(10_000);
    expect(toolOf(client)).toMatchObject({ state: 'output-denied', approval: { approved: false, reason: 'too much' } });
    expect(reply(client).text).toBe('Let me pay that.Not paid. Anything else?');
  });

  it('queues a decision made offline and sends it after the reconnect, exactly until the stream confirms it', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    server.setDown(true);
    clock.advance(10);
    client.approveTool({ messageId: reply(client).id, toolCallId: 'call_pay' });
    expect(toolOf(client).state).toBe('approval-responded');
    expect(client.getSnapshot().context.approvals).toHaveLength(1);
    expect(approvesSent(server)).toHaveLength(0);
    server.setDown(false);
    client.retry();
    clock.advance(20_000);
    expect(approvesSent(server)).toHaveLength(1);
    expect(toolOf(client).state).toBe('output-available');
    expect(client.getSnapshot().context.approvals).toEqual([]);
  });

  it('drops a decision the server answers not_pending, and reports nothing else as failed', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    client.approveTool({ messageId: reply(client).id, toolCallId: 'call_unknown' });
    clock.advance(100);
    expect(approvesSent(server)).toHaveLength(1);
    expect(client.getSnapshot().context.approvals).toEqual([]);
    expect(toolOf(client).state).toBe('approval-requested');
    expect(reply(client).status).toBe('streaming');
  });

  it('refuses approvals and files with a typed usage error against a v1 server, which sees text only', () => {
    const { clock, client } = setup({ maxVersion: 1 });
    clock.advance(10);
    client.send('pay 5 euros');
    clock.advance(10_000);
    expect(client.getSnapshot().context.sessionVersion).toBe(1);
    expect(reply(client).parts).toEqual([{ type: 'text', text: 'Let me pay that.' }]);
    const usage = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return error instanceof RejoinError ? error.code : 'not a RejoinError';
      }
      return 'no error';
    };
    expect(usage(() => client.approveTool({ messageId: reply(client).id, toolCallId: 'call_pay' }))).toBe('usage/unsupported');
    expect(usage(() => client.send('see', { files: [{ url: 'https://f/x.png', mediaType: 'image/png' }] }))).toBe('usage/unsupported');
  });

  it('sends files with a message and shows them as file parts', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('what is this?', { files: [{ url: 'https://f/x.png', mediaType: 'image/png', filename: 'x.png' }] });
    const sent = server.fake.current!.sent.find((frame) => frame.type === 'send');
    clock.advance(100);
    expect(sent).toMatchObject({ files: [{ url: 'https://f/x.png', mediaType: 'image/png', filename: 'x.png' }] });
    const { context } = client.getSnapshot();
    const question = context.conversations[context.openConversationId!]!.messages[0]!;
    expect(question.parts).toEqual([
      { type: 'text', text: 'what is this?' },
      { type: 'file', url: 'https://f/x.png', mediaType: 'image/png', filename: 'x.png' },
    ]);
  });
});
