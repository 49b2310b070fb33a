import type { MessagePart, PartEvent } from '@rejoin/core/ai-sdk';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { jsonSchema, stepCountIs, streamText, tool, type ToolSet } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../ModelError.ts';
import type { RespondContinuation, RespondInput } from '../../../generation/Respond.ts';
import { respondWithStreamText } from '../respondWithStreamText.ts';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};
const finish = (unified: 'stop' | 'tool-calls'): LanguageModelV3StreamPart => ({
  type: 'finish',
  usage,
  finishReason: { unified, raw: unified },
});
const step = (...parts: LanguageModelV3StreamPart[]) => ({ stream: convertArrayToReadableStream(parts) });
const text = (id: string, ...deltas: string[]): LanguageModelV3StreamPart[] => [
  { type: 'text-start', id },
  ...deltas.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id, delta })),
  { type: 'text-end', id },
];
const weatherCall = (): LanguageModelV3StreamPart[] => [
  { type: 'tool-input-start', id: 'call-1', toolName: 'weather' },
  { type: 'tool-input-delta', id: 'call-1', delta: '{"city":' },
  { type: 'tool-input-delta', id: 'call-1', delta: '"Paris"}' },
  { type: 'tool-input-end', id: 'call-1' },
  { type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{"city":"Paris"}' },
  finish('tool-calls'),
];

const inputSchema = jsonSchema<{ city: string }>({
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
});

function inputFor(signal = new AbortController().signal, continuation?: RespondContinuation): RespondInput {
  const messages = [{ id: 'u1', role: 'user' as const, text: 'Weather in Paris?', status: 'complete' as const, createdAt: 0 }];
  const conversation = { conversationId: 'c1', messages };
  return continuation ? { conversation, signal, continuation } : { conversation, signal };
}

async function collect(iterable: AsyncIterable<string | PartEvent>): Promise<(string | PartEvent)[]> {
  const events: (string | PartEvent)[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

function respondWith(model: MockLanguageModelV3, tools: ToolSet = {}) {
  return respondWithStreamText((_, { messages, abortSignal }) =>
    streamText({ model, messages, tools, abortSignal, stopWhen: stepCountIs(3), onError: () => {} }),
  );
}

describe('respondWithStreamText', () => {
  it('maps text, reasoning, sources and files, and ends at finish', async () => {
    const model = new MockLanguageModelV3({
      doStream: step(
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-start', id: 'r1' },
        { type: 'reasoning-delta', id: 'r1', delta: 'Let me ' },
        { type: 'reasoning-delta', id: 'r1', delta: 'think.' },
        { type: 'reasoning-end', id: 'r1' },
        ...text('t1', 'Paris is ', 'sunny.'),
        { type: 'source', sourceType: 'url', id: 's1', url: 'https://weather.example/paris', title: 'Weather' },
        { type: 'source', sourceType: 'document', id: 's2', mediaType: 'application/pdf', title: 'Report' },
        { type: 'file', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        finish('stop'),
      ),
    });

    const events = await collect(respondWith(model)(inputFor()));

    expect(events).toEqual([
      { kind: 'reasoning-delta', delta: 'Let me ' },
      { kind: 'reasoning-delta', delta: 'think.' },
      { kind: 'reasoning-end' },
      'Paris is ',
      'sunny.',
      { kind: 'source', sourceId: 's1', url: 'https://weather.example/paris', title: 'Weather' },
      { kind: 'data', name: 'ai-sdk:source-document', data: { sourceId: 's2', mediaType: 'application/pdf', title: 'Report' } },
      { kind: 'file', url: 'data:image/png;base64,iVBORw0KGgo=', mediaType: 'image/png' },
    ]);
  });

  it('sends the history to the model, earlier tool calls and results included', async () => {
    const model = new MockLanguageModelV3({ doStream: step(...text('t1', 'ok'), finish('stop')) });
    const earlierReply: MessagePart[] = [
      { type: 'tool-call', toolCallId: 'old', toolName: 'weather', state: 'output-available', inputText: '{"city":"Rome"}', input: { city: 'Rome' }, output: 25 },
      { type: 'text', text: 'Rome: 25.' },
    ];
    const input = inputFor();
    const messages = [
      { id: 'u0', role: 'user' as const, text: 'Rome?', status: 'complete' as const, createdAt: 0 },
      { id: 'a0', role: 'assistant' as const, text: 'Rome: 25.', status: 'complete' as const, createdAt: 1, parts: earlierReply },
      ...input.conversation.messages,
    ];

    await collect(respondWith(model)({ ...input, conversation: { conversationId: 'c1', messages } }));

    const prompt = model.doStreamCalls[0]!.prompt;
    expect(prompt.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
    expect(prompt[2]).toMatchObject({ content: [{ type: 'tool-result', toolCallId: 'old', output: { type: 'json', value: 25 } }] });
  });

  it('streams a tool input, runs the tool, and goes on with the text', async () => {
    const execute = vi.fn(async ({ city }: { city: string }) => ({ city, temperature: 21 }));
    const model = new MockLanguageModelV3({
      doStream: [step(...weatherCall()), step(...text('t2', 'It is 21 degrees.'), finish('stop'))],
    });

    const events = await collect(respondWith(model, { weather: tool({ inputSchema, execute }) })(inputFor()));

    expect(events).toEqual([
      { kind: 'tool-input-start', toolCallId: 'call-1', toolName: 'weather' },
      { kind: 'tool-input-delta', toolCallId: 'call-1', delta: '{"city":' },
      { kind: 'tool-input-delta', toolCallId: 'call-1', delta: '"Paris"}' },
      { kind: 'tool-input-available', toolCallId: 'call-1', toolName: 'weather', input: { city: 'Paris' } },
      { kind: 'tool-output', toolCallId: 'call-1', output: { city: 'Paris', temperature: 21 } },
      'It is 21 degrees.',
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('reports a tool that throws as a tool error', async () => {
    const model = new MockLanguageModelV3({
      doStream: [step(...weatherCall()), step(...text('t2', 'The service is down.'), finish('stop'))],
    });
    const failing = tool({
      inputSchema,
      execute: async (): Promise<number> => {
        throw new Error('weather service unavailable');
      },
    });

    const events = await collect(respondWith(model, { weather: failing })(inputFor()));

    expect(events).toContainEqual({ kind: 'tool-error', toolCallId: 'call-1', errorText: 'weather service unavailable' });
    expect(events.at(-1)).toBe('The service is down.');
  });

  describe('a tool that needs approval', () => {
    const pausedParts: MessagePart[] = [
      { type: 'text', text: 'Checking. ' },
      {
        type: 'tool-call',
        toolCallId: 'call-1',
        toolName: 'weather',
        state: 'approval-requested',
        inputText: '{"city":"Paris"}',
        input: { city: 'Paris' },
      },
    ];

    it('pauses at the approval request without running the tool', async () => {
      const execute = vi.fn(async () => 21);
      const model = new MockLanguageModelV3({ doStream: step(...text('t1', 'Checking. '), ...weatherCall()) });

      const events = await collect(
        respondWith(model, { weather: tool({ inputSchema, execute, needsApproval: true }) })(inputFor()),
      );

      expect(events.slice(-2)).toEqual([
        { kind: 'tool-input-available', toolCallId: 'call-1', toolName: 'weather', input: { city: 'Paris' } },
        { kind: 'tool-approval-request', toolCallId: 'call-1' },
      ]);
      expect(execute).not.toHaveBeenCalled();
    });

    it('runs the tool once approved and lets the model go on', async () => {
      const execute = vi.fn(async () => 21);
      const model = new MockLanguageModelV3({ doStream: step(...text('t2', 'It is 21.'), finish('stop')) });
      const continuation = { messageId: 'a1', parts: pausedParts, approval: { toolCallId: 'call-1', approved: true } };

      const events = await collect(
        respondWith(model, { weather: tool({ inputSchema, execute, needsApproval: true }) })(
          inputFor(undefined, continuation),
        ),
      );

      expect(events).toEqual([{ kind: 'tool-output', toolCallId: 'call-1', output: 21 }, 'It is 21.']);
      expect(execute).toHaveBeenCalledWith({ city: 'Paris' }, expect.anything());
      const prompt = model.doStreamCalls[0]!.prompt;
      expect(prompt.at(-1)).toMatchObject({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call-1' }] });
    });

    it('skips the tool once denied, tells the model why, and lets it go on', async () => {
      const execute = vi.fn(async () => 21);
      const model = new MockLanguageModelV3({ doStream: step(...text('t2', 'Alright, I will not check.'), finish('stop')) });
      const continuation = {
        messageId: 'a1',
        parts: pausedParts,
        approval: { toolCallId: 'call-1', approved: false, reason: 'not now' },
      };

      const events = await collect(
        respondWith(model, { weather: tool({ inputSchema, execute, needsApproval: true }) })(
          inputFor(undefined, continuation),
        ),
      );

      expect(events).toEqual([{ kind: 'tool-denied', toolCallId: 'call-1' }, 'Alright, I will not check.']);
      expect(execute).not.toHaveBeenCalled();
      const prompt = model.doStreamCalls[0]!.prompt;
      expect(prompt.at(-1)).toMatchObject({
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call-1', output: { type: 'execution-denied', reason: 'not now' } }],
      });
    });
  });

  it('throws a ModelError when the model stream fails', async () => {
    const model = new MockLanguageModelV3({
      doStream: step(...text('t1', 'Partial'), { type: 'error', error: new Error('upstream overloaded') }),
    });

    await expect(collect(respondWith(model)(inputFor()))).rejects.toThrow(ModelError);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    let modelSawAbort!: () => void;
    const modelAborted = new Promise<void>((resolve) => (modelSawAbort = resolve));
    const model = new MockLanguageModelV3({
      // Like a provider over fetch: one delta, then nothing until the request is aborted.
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(stream) {
            stream.enqueue({ type: 'text-start', id: 't1' });
            stream.enqueue({ type: 'text-delta', id: 't1', delta: 'Once upon' });
            abortSignal?.addEventListener('abort', () => {
              modelSawAbort();
              stream.error(abortSignal.reason);
            });
          },
        }),
      }),
    });
    const iterator = respondWith(model)(inputFor(controller.signal))[Symbol.asyncIterator]();

    expect(await iterator.next()).toEqual({ done: false, value: 'Once upon' });
    const next = iterator.next();
    controller.abort();

    expect(await next).toEqual({ done: true, value: undefined });
    await modelAborted;
  });
});
