import type { HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { Respond } from '../../generation/Respond.ts';
import { createLogger } from '../../logging/createLogger.ts';
import { MemoryConversationStore } from '../../stores/memory/MemoryConversationStore.ts';
import { MemoryStreamStore } from '../../stores/memory/MemoryStreamStore.ts';
import type { StreamRecord } from '../../stores/StreamStore.ts';
import { foldParts } from '../foldParts.ts';
import { GenerationRegistry } from '../GenerationRegistry.ts';

/** A model whose replies end only when the test says so; it records what it was asked. */
function controllableModel() {
  const asked: string[][] = [];
  const releases: (() => void)[] = [];
  const respond: Respond = async function* ({ conversation, signal }) {
    asked.push(conversation.messages.map((message) => message.text));
    yield 'partial';
    await new Promise<void>((resolve) => {
      releases.push(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    yield ' end';
  };
  return { respond, asked, releaseNext: () => releases.shift()?.() };
}

async function setup() {
  const conversations = new MemoryConversationStore();
  const streams = new MemoryStreamStore();
  const model = controllableModel();
  const registry = new GenerationRegistry({ conversations, streams, respond: model.respond, logger: createLogger({ level: 'silent' }) });
  const started: StreamRecord[] = [];
  const ask = async (conversationId: string, id: string, text: string) => {
    if ((await conversations.get(conversationId)) === null) {
      await conversations.create(conversationId, 'owner', 0);
      await streams.watchConversation(conversationId, (stream) => started.push(stream));
    }
    const message: HistoryMessage = { id, role: 'user', text, status: 'complete', createdAt: 0 };
    await conversations.appendMessage(conversationId, message);
    registry.requestReply(conversationId);
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  return { conversations, streams, registry, model, started, ask, settle };
}

describe('GenerationRegistry', () => {
  it('runs one generation at a time per conversation and answers queued messages in order', async () => {
    const { registry, model, started, ask, settle, conversations } = await setup();
    await ask('c1', 'q1', 'one');
    await settle();
    await ask('c1', 'q2', 'two');
    await settle();
    expect(started.map((stream) => stream.replyTo)).toEqual(['q1']);

    model.releaseNext();
    await settle();
    expect(started.map((stream) => stream.replyTo)).toEqual(['q1', 'q2']);
    expect(model.asked[1]).toEqual(['one', 'partial end', 'two']);
    model.releaseNext();
    await settle();
    expect(registry.active()).toEqual([]);
    const history = await conversations.history('c1');
    expect(history.map((message) => message.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
  });

  it('runs generations of different conversations side by side', async () => {
    const { registry, ask, settle } = await setup();
    await ask('c1', 'q1', 'one');
    await ask('c2', 'q2', 'two');
    await settle();
    expect(registry.active().map((generation) => generation.conversationId).sort()).toEqual(['c1', 'c2']);
    await registry.close({ generations: 'abort', timeoutMs: 0 });
  });

  it('stops only the named message, and reports whether it stopped anything', async () => {
    const { registry, ask, settle, started, streams } = await setup();
    await ask('c1', 'q1', 'one');
    await settle();
    const messageId = started[0]?.messageId ?? '';
    expect(registry.stop('c1', 'another-message')).toBe(false);
    expect(registry.stop('c1', messageId)).toBe(true);
    await settle();
    expect(await streams.get(messageId)).toMatchObject({ finishReason: 'stopped', lastSeq: 1 });
    expect(registry.stop('c1', messageId)).toBe(false);
  });

  it('aborts what is still running after the shutdown timeout, ending it with error', async () => {
    const { registry, ask, settle, started, streams } = await setup();
    await ask('c1', 'q1', 'one');
    await settle();
    await registry.close({ generations: 'finish', timeoutMs: 20 });
    expect(await streams.get(started[0]?.messageId ?? '')).toMatchObject({ finishReason: 'error' });
    registry.requestReply('c1');
    expect(registry.active()).toEqual([]);
  });

  it('keeps a decision that lands while a new message ends the paused reply: the stopped message holds the whole stream', async () => {
    const conversations = new MemoryConversationStore();
    const streams = new MemoryStreamStore();
    const respond: Respond = async function* () {
      yield 'Let me check. ';
      yield { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'lookup', input: { q: 1 } };
      yield { kind: 'tool-approval-request', toolCallId: 'call_1' };
    };
    const registry = new GenerationRegistry({ conversations, streams, respond, logger: createLogger({ level: 'silent' }) });
    const started: StreamRecord[] = [];
    await conversations.create('c1', 'owner', 0);
    await streams.watchConversation('c1', (stream) => started.push(stream));
    const ask = async (id: string) => {
      await conversations.appendMessage('c1', { id, role: 'user', text: id, status: 'complete', createdAt: 0 });
      registry.requestReply('c1');
    };
    await ask('q1');
    await vi.waitFor(async () => expect((await streams.get(started[0]?.messageId ?? ''))?.lastSeq).toBe(3));
    const paused = started[0]!.messageId;

    // The decision reaches the stream after the worker read it as awaiting, before it ended it.
    const outcomes: string[] = [];
    const finish = streams.finish.bind(streams);
    streams.finish = async (messageId, outcome) => {
      if (messageId === paused) outcomes.push(await registry.approve({ conversationId: 'c1', messageId, toolCallId: 'call_1', approved: true }));
      return finish(messageId, outcome);
    };
    await ask('q2');
    await vi.waitFor(async () => expect((await streams.get(started[1]?.messageId ?? ''))?.lastSeq).toBe(3));

    expect(outcomes).toEqual(['applied']);
    const chunks = (await streams.read(paused, 0)) ?? [];
    expect(await streams.get(paused)).toMatchObject({ finishReason: 'stopped', lastSeq: 4 });
    const stored = (await conversations.history('c1')).find((message) => message.id === paused);
    expect(stored).toMatchObject({ status: 'stopped', seq: 4 });
    expect(stored?.parts).toEqual(foldParts(chunks.map((chunk) => chunk.part ?? chunk.text)));
    await registry.close({ generations: 'abort', timeoutMs: 0 });
  });
});
