import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessagePart, ToolCallPart, ToolCallState } from '../../model/parts.ts';
import { fromUIMessage, toUIMessage } from '../uiMessage.ts';

const text = fc.string({ maxLength: 20 });

/**
 * A tool call in the form the adapters write: once the input is parsed, `inputText` is its JSON;
 * an approval only after the user decided.
 */
const toolCall: fc.Arbitrary<ToolCallPart> = fc
  .record({
    toolCallId: fc.string({ minLength: 1, maxLength: 8 }),
    toolName: fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/),
    state: fc.constantFrom<ToolCallState>(
      'input-streaming',
      'input-available',
      'approval-requested',
      'approval-responded',
      'output-available',
      'output-error',
      'output-denied',
    ),
    input: fc.jsonValue(),
    partialInput: text,
    output: fc.jsonValue(),
    errorText: text,
    approved: fc.boolean(),
    reason: fc.option(text, { nil: undefined }),
  })
  .map(({ toolCallId, toolName, state, input, partialInput, output, errorText, approved, reason }) => {
    const base = { type: 'tool-call' as const, toolCallId, toolName, state };
    if (state === 'input-streaming') return { ...base, inputText: partialInput };
    const parsed = { ...base, inputText: JSON.stringify(input), input };
    const approval = reason === undefined ? { approved } : { approved, reason };
    switch (state) {
      case 'input-available':
      case 'approval-requested':
        return parsed;
      case 'approval-responded':
        return { ...parsed, approval };
      case 'output-available':
        return approved ? { ...parsed, output, approval } : { ...parsed, output };
      case 'output-error':
        return { ...parsed, errorText };
      case 'output-denied':
        return { ...parsed, approval: { ...approval, approved: false } };
    }
  });

const part: fc.Arbitrary<MessagePart> = fc.oneof(
  text.map((value) => ({ type: 'text' as const, text: value })),
  // `requiredKeys` leaves the other keys out now and then, as optional fields are.
  fc.record({ type: fc.constant('reasoning' as const), text, done: fc.boolean() }, { requiredKeys: ['type', 'text'] }),
  fc.record(
    { type: fc.constant('source' as const), sourceId: text, url: fc.webUrl(), title: text },
    { requiredKeys: ['type', 'sourceId', 'url'] },
  ),
  fc.record(
    { type: fc.constant('file' as const), url: fc.webUrl(), mediaType: fc.constantFrom('image/png', 'application/pdf'), filename: text },
    { requiredKeys: ['type', 'url', 'mediaType'] },
  ),
  fc.record(
    { type: fc.constant('data' as const), name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), data: fc.jsonValue(), id: text },
    { requiredKeys: ['type', 'name', 'data'] },
  ),
  toolCall,
);

describe('the AI SDK UIMessage converter, on any reply', () => {
  it('gives back the same message after a trip through a UIMessage', () => {
    fc.assert(
      fc.property(fc.constantFrom<'user' | 'assistant'>('user', 'assistant'), fc.array(part, { maxLength: 8 }), (role, parts) => {
        const message = { id: 'm1', role, text: parts.map((p) => (p.type === 'text' ? p.text : '')).join(''), parts };

        expect(fromUIMessage(toUIMessage(message))).toEqual(message);
      }),
    );
  });
});
