import { describe, expect, it } from 'vitest';
import type { MessagePart, PartEvent } from '../../model/parts.ts';
import { PartsDraft, applyPartEvent, partsOfUserMessage, textOfParts, withOptimisticApproval } from '../messageParts.ts';
import { applyChunks } from '../replyStream.ts';
import { assistantMessage, chunk, conversation, following, userMessage } from './builders.ts';

function fold(...steps: (string | PartEvent)[]): readonly MessagePart[] {
  const draft = new PartsDraft([]);
  for (const step of steps) {
    if (typeof step === 'string') draft.appendText(step);
    else draft.apply(step);
  }
  return draft.result();
}

const call = 'call_1';

describe('folding part events into a message', () => {
  it('appends text to a trailing text part and starts a new one after any other part', () => {
    expect(fold('Hel', 'lo', { kind: 'source', sourceId: 's', url: 'https://e.x' }, 'Bye')).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'source', sourceId: 's', url: 'https://e.x' },
      { type: 'text', text: 'Bye' },
    ]);
  });

  it('ignores empty text (a v1 downgrade or a salvaged chunk) instead of adding an empty part', () => {
    expect(fold({ kind: 'reasoning-delta', delta: 'x' }, '')).toEqual([{ type: 'reasoning', text: 'x' }]);
  });

  it('grows one reasoning part until reasoning-end or any later part ends it', () => {
    expect(fold({ kind: 'reasoning-delta', delta: 'a' }, { kind: 'reasoning-delta', delta: 'b' }, { kind: 'reasoning-end' })).toEqual([
      { type: 'reasoning', text: 'ab', done: true },
    ]);
    expect(fold({ kind: 'reasoning-delta', delta: 'a' }, 'answer', { kind: 'reasoning-delta', delta: 'again' })).toEqual([
      { type: 'reasoning', text: 'a', done: true },
      { type: 'text', text: 'answer' },
      { type: 'reasoning', text: 'again' },
    ]);
  });

  it('moves a tool call through input, approval and output', () => {
    const parts = fold(
      { kind: 'tool-input-start', toolCallId: call, toolName: 'pay' },
      { kind: 'tool-input-delta', toolCallId: call, delta: '{"eur":' },
      { kind: 'tool-input-delta', toolCallId: call, delta: '5}' },
      { kind: 'tool-input-available', toolCallId: call, toolName: 'pay', input: { eur: 5 } },
      { kind: 'tool-approval-request', toolCallId: call },
      { kind: 'tool-approval-response', toolCallId: call, approved: true },
      { kind: 'tool-output', toolCallId: call, output: 'paid' },
    );
    expect(parts).toEqual([
      {
        type: 'tool-call',
        toolCallId: call,
        toolName: 'pay',
        state: 'output-available',
        inputText: '{"eur":5}',
        input: { eur: 5 },
        approval: { approved: true },
        output: 'paid',
      },
    ]);
  });

  it('ends a denied call in output-denied with the reason, and a failed one in output-error', () => {
    const denied = fold(
      { kind: 'tool-input-available', toolCallId: call, toolName: 'rm', input: {} },
      { kind: 'tool-approval-request', toolCallId: call },
      { kind: 'tool-approval-response', toolCallId: call, approved: false, reason: 'no' },
      { kind: 'tool-denied', toolCallId: call },
    );
    expect(denied[0]).toMatchObject({ state: 'output-denied', approval: { approved: false, reason: 'no' } });
    const failed = applyPartEvent(denied, { kind: 'tool-error', toolCallId: call, errorText: 'boom' });
    expect(failed[0]).toMatchObject({ state: 'output-error', errorText: 'boom' });
  });

  it('reports a tool event for a call the message lacks and changes nothing', () => {
    const draft = new PartsDraft([{ type: 'text', text: 'x' }]);
    expect(draft.apply({ kind: 'tool-output', toolCallId: 'nope', output: 1 })).toBe('unknown_tool_call');
    expect(draft.result()).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('replaces a data part in place when a later one has its id, and keeps unknown names', () => {
    expect(
      fold(
        { kind: 'data', name: 'progress', id: 'p', data: 1 },
        'text',
        { kind: 'data', name: 'progress', id: 'p', data: 2 },
        { kind: 'data', name: 'unheard-of', data: null },
      ),
    ).toEqual([
      { type: 'data', name: 'progress', id: 'p', data: 2 },
      { type: 'text', text: 'text' },
      { type: 'data', name: 'unheard-of', data: null },
    ]);
  });

  it('keeps the base array untouched and returns it when nothing changed', () => {
    const base: readonly MessagePart[] = [{ type: 'text', text: 'a' }];
    const draft = new PartsDraft(base);
    draft.appendText('');
    draft.apply({ kind: 'reasoning-end' });
    expect(draft.result()).toBe(base);
    draft.appendText('b');
    expect(base).toEqual([{ type: 'text', text: 'a' }]);
  });

  it('shows a decision optimistically only on a call awaiting approval', () => {
    const awaiting = fold(
      { kind: 'tool-input-available', toolCallId: call, toolName: 'pay', input: 1 },
      { kind: 'tool-approval-request', toolCallId: call },
    );
    expect(withOptimisticApproval(awaiting, call, false, 'later')[0]).toMatchObject({
      state: 'approval-responded',
      approval: { approved: false, reason: 'later' },
    });
    const done = applyPartEvent(awaiting, { kind: 'tool-output', toolCallId: call, output: 1 });
    expect(withOptimisticApproval(done, call, true, undefined)).toBe(done);
  });

  it('gives a user message its text and then its files', () => {
    const parts = partsOfUserMessage('see', [{ url: 'https://f/x.png', mediaType: 'image/png' }]);
    expect(parts).toEqual([
      { type: 'text', text: 'see' },
      { type: 'file', url: 'https://f/x.png', mediaType: 'image/png' },
    ]);
    expect(textOfParts(parts)).toBe('see');
  });
});

describe('applyChunks with part chunks', () => {
  it('re-renders only the touched message: a part chunk makes one new message object', () => {
    const before = conversation([userMessage('u1', 'q', { index: 0 }), assistantMessage('a1', 'Hi', 1, { index: 1 })], {
      stream: following('a1', 1),
    });
    const partChunk = { ...chunk('a1', 2, ''), text: undefined, part: { kind: 'source', sourceId: 's', url: 'https://e.x' } } as const;
    const after = applyChunks(before, [partChunk, chunk("a1", 3, " there")]).conversation;
    expect(after.messages[0]).toBe(before.messages[0]);
    expect(after.messages[1]).toMatchObject({
      text: 'Hi there',
      seq: 3,
      parts: [
        { type: 'text', text: 'Hi' },
        { type: 'source', sourceId: 's', url: 'https://e.x' },
        { type: 'text', text: ' there' },
      ],
    });
  });

  it('consumes the seq of a tool event for an unknown call, so the stream goes on', () => {
    const before = conversation([assistantMessage('a1', 'Hi', 1, { index: 0 })], { stream: following('a1', 1) });
    const stray = { ...chunk('a1', 2, ''), text: undefined, part: { kind: 'tool-denied', toolCallId: 'ghost' } } as const;
    const result = applyChunks(before, [stray, chunk('a1', 3, '!')]);
    expect(result.replayFrom).toBeNull();
    expect(result.strayToolEvents).toEqual([stray]);
    expect(result.conversation.messages[0]).toMatchObject({ text: 'Hi!', seq: 3, parts: [{ type: 'text', text: 'Hi!' }] });
  });
});
