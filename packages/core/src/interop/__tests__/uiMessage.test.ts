import type { UIMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { RejoinError } from '../../errors/RejoinError.ts';
import type { MessagePart, ToolCallPart } from '../../model/parts.ts';
import { AI_SDK_PART_PREFIX, fromUIMessage, toUIMessage, type AiSdkUIMessage } from '../uiMessage.ts';

const message = (parts: MessagePart[]) => ({
  id: 'm1',
  role: 'assistant' as const,
  text: parts.map((part) => (part.type === 'text' ? part.text : '')).join(''),
  parts,
});

const weather = (fields: Omit<ToolCallPart, 'type' | 'toolCallId' | 'toolName'>): ToolCallPart => ({
  type: 'tool-call',
  toolCallId: 'call-1',
  toolName: 'weather',
  ...fields,
});
const input = { city: 'Paris' };
const inputText = JSON.stringify(input);

const everyPartType: Record<string, MessagePart> = {
  text: { type: 'text', text: 'Hello' },
  'reasoning without a state': { type: 'reasoning', text: 'thinking' },
  'reasoning still streaming': { type: 'reasoning', text: 'think', done: false },
  'reasoning done': { type: 'reasoning', text: 'thought', done: true },
  source: { type: 'source', sourceId: 's1', url: 'https://example.com', title: 'Example' },
  'source without a title': { type: 'source', sourceId: 's2', url: 'https://example.org' },
  file: { type: 'file', url: 'data:image/png;base64,AAAA', mediaType: 'image/png', filename: 'a.png' },
  'file without a name': { type: 'file', url: 'https://example.com/a.pdf', mediaType: 'application/pdf' },
  data: { type: 'data', name: 'weather-card', data: { temperature: 21 }, id: 'card-1' },
  'data without an id': { type: 'data', name: 'progress', data: [1, 2, 3] },
  'tool input-streaming': weather({ state: 'input-streaming', inputText: '{"ci' }),
  'tool input-available': weather({ state: 'input-available', inputText, input }),
  'tool approval-requested': weather({ state: 'approval-requested', inputText, input }),
  'tool approval-responded': weather({ state: 'approval-responded', inputText, input, approval: { approved: true } }),
  'tool output-available': weather({ state: 'output-available', inputText, input, output: { temperature: 21 } }),
  'tool output-available after an approval': weather({
    state: 'output-available',
    inputText,
    input,
    output: 21,
    approval: { approved: true, reason: 'fine' },
  }),
  'tool output-error': weather({ state: 'output-error', inputText, input, errorText: 'Service down' }),
  'tool output-denied': weather({ state: 'output-denied', inputText, input, approval: { approved: false, reason: 'no' } }),
};

describe('the AI SDK UIMessage converter', () => {
  it.each(Object.entries(everyPartType))('round-trips a %s part through a UIMessage', (_, part) => {
    const original = message([part]);

    expect(fromUIMessage(toUIMessage(original))).toEqual(original);
  });

  it('round-trips a whole reply, order kept', () => {
    const original = message(Object.values(everyPartType));

    expect(fromUIMessage(toUIMessage(original))).toEqual(original);
  });

  it('writes the AI SDK shapes: tool-<name> parts, source-url, data-<name>, approval ids', () => {
    const ui = toUIMessage(
      message([
        everyPartType['tool approval-requested']!,
        everyPartType['tool output-denied']!,
        everyPartType['source']!,
        everyPartType['data']!,
      ]),
    );

    expect(ui.parts).toEqual([
      { type: 'tool-weather', toolCallId: 'call-1', state: 'approval-requested', input, approval: { id: 'call-1' } },
      {
        type: 'tool-weather',
        toolCallId: 'call-1',
        state: 'output-denied',
        input,
        approval: { id: 'call-1', approved: false, reason: 'no' },
      },
      { type: 'source-url', sourceId: 's1', url: 'https://example.com', title: 'Example' },
      { type: 'data-weather-card', id: 'card-1', data: { temperature: 21 } },
    ]);
  });

  it('keeps the raw input text of a tool call that is still streaming', () => {
    const ui = toUIMessage(message([everyPartType['tool input-streaming']!]));

    expect(ui.parts[0]).toMatchObject({ state: 'input-streaming', rawInput: '{"ci' });
  });

  it.each([
    { type: 'step-start' },
    {
      type: 'dynamic-tool',
      toolName: 'mcp_search',
      toolCallId: 'd1',
      state: 'output-available',
      input: { q: 'x' },
      output: ['a'],
    },
    { type: 'source-document', sourceId: 'doc1', mediaType: 'application/pdf', title: 'Spec', filename: 'spec.pdf' },
    { type: 'future-part', anything: { nested: true } },
  ])('keeps a $type part Rejoin has no type for as data and gives it back unchanged', (uiPart) => {
    const ui: AiSdkUIMessage = { id: 'm1', role: 'assistant', parts: [uiPart] };

    const converted = fromUIMessage(ui);

    expect(converted.parts).toEqual([
      { type: 'data', name: `${AI_SDK_PART_PREFIX}${uiPart.type}`, data: expect.any(Object) },
    ]);
    expect(toUIMessage(converted)).toEqual(ui);
  });

  it('reads an AI SDK message with a generated approval id and reuses the tool call id', () => {
    const ui: UIMessage = {
      id: 'm1',
      role: 'assistant',
      parts: [
        {
          type: 'tool-weather',
          toolCallId: 'call-1',
          state: 'approval-responded',
          input,
          approval: { id: 'aitxt-123', approved: true },
        },
      ],
    };

    expect(toUIMessage(fromUIMessage(ui)).parts[0]).toMatchObject({ approval: { id: 'call-1', approved: true } });
  });

  it('joins the text parts into the message text', () => {
    const converted = fromUIMessage({
      id: 'u1',
      role: 'user',
      parts: [
        { type: 'text', text: 'Look at ' },
        { type: 'file', url: 'https://example.com/a.png', mediaType: 'image/png' },
        { type: 'text', text: 'this' },
      ],
    });

    expect(converted).toMatchObject({ role: 'user', text: 'Look at this' });
  });

  it('turns a message without parts (protocol v1) into one text part', () => {
    expect(toUIMessage({ id: 'm1', role: 'assistant', text: 'Hi' }).parts).toEqual([{ type: 'text', text: 'Hi' }]);
  });

  it('puts the text of a message whose parts hold no text after its parts', () => {
    const ui = toUIMessage({ id: 'm1', role: 'assistant', text: 'Done', parts: [everyPartType['source']!] });

    expect(ui.parts.map((part) => part.type)).toEqual(['source-url', 'text']);
  });

  it('refuses a system message with a typed error that says where the system prompt goes', () => {
    const convert = () => fromUIMessage({ id: 's', role: 'system', parts: [{ type: 'text', text: 'Be brief' }] });

    expect(convert).toThrow(RejoinError);
    expect(convert).toThrow(/system prompt on the server/);
  });

  it('refuses a part without a type', () => {
    const convert = () =>
      fromUIMessage({ id: 'm', role: 'user', parts: [{ text: 'no type' } as unknown as AiSdkUIMessage['parts'][number]] });

    expect(convert).toThrow(expect.objectContaining({ code: 'usage/invalid' }));
  });
});
