import type { MessagePart, PartEvent } from '@rejoin/core/ai-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../ModelError.ts';
import type { RespondContinuation, RespondInput } from '../../../generation/Respond.ts';
import { respondWithChatCompletions } from '../respondWithChatCompletions.ts';
import { eventStream, fixture, startChatCompletionsServer, type Reply } from './chatCompletionsServer.ts';

let server: Awaited<ReturnType<typeof startChatCompletionsServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...replies: Reply[]) {
  server = await startChatCompletionsServer(...replies);
  return server;
}

function inputFor(signal = new AbortController().signal, continuation?: RespondContinuation): RespondInput {
  const messages = [{ id: 'u1', role: 'user' as const, text: 'Weather in Paris?', status: 'complete' as const, createdAt: 0 }];
  const conversation = { conversationId: 'c1', messages };
  return continuation ? { conversation, signal, continuation } : { conversation, signal };
}

async function collect(iterable: AsyncIterable<string | PartEvent>, into: (string | PartEvent)[] = []) {
  for await (const event of iterable) into.push(event);
  return into;
}

const weatherParameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('respondWithChatCompletions', () => {
  it('streams reasoning then text, across keep-alive comments and a UTF-8 character split between reads', async () => {
    const bytes = await fixture('reasoning-and-text.sse');
    // Cut inside the two bytes of "é", and send the rest only once "Caf" has come out.
    const cut = bytes.indexOf(Buffer.from('é')) + 1;
    let sawCaf!: () => void;
    const cafReceived = new Promise<void>((resolve) => (sawCaf = resolve));
    const { baseURL, bodies, authorizations } = await serve(
      eventStream(bytes.subarray(0, cut), { after: cafReceived, bytes: bytes.subarray(cut) }),
    );
    const respond = respondWithChatCompletions({ baseURL, apiKey: 'sk-test', model: 'qwen3-8b', system: 'Be brief.' });

    const events: (string | PartEvent)[] = [];
    for await (const event of respond(inputFor())) {
      events.push(event);
      if (event === 'Caf') sawCaf();
    }

    expect(events).toEqual([
      { kind: 'reasoning-delta', delta: 'The user ' },
      { kind: 'reasoning-delta', delta: 'wants coffee.' },
      { kind: 'reasoning-end' },
      'Caf',
      'é au lait ☕',
    ]);
    expect(bodies[0]).toMatchObject({
      model: 'qwen3-8b',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
    });
    expect(authorizations).toEqual(['Bearer sk-test']);
  });

  it('assembles tool calls from argument fragments by index, runs them, and sends the results back', async () => {
    const { baseURL, bodies } = await serve(
      eventStream(await fixture('tool-calls.sse')),
      eventStream(await fixture('answer.sse')),
    );
    const weather = vi.fn(async () => ({ temperature: 21 }));
    const time = vi.fn(() => '10:00');
    const respond = respondWithChatCompletions({
      baseURL,
      model: 'qwen3-8b',
      tools: { weather: { parameters: weatherParameters, execute: weather }, time: { execute: time } },
    });

    const events = await collect(respond(inputFor()));

    expect(events).toEqual([
      { kind: 'tool-input-start', toolCallId: 'call_weather', toolName: 'weather' },
      { kind: 'tool-input-delta', toolCallId: 'call_weather', delta: '{"city":' },
      { kind: 'tool-input-start', toolCallId: 'call_time', toolName: 'time' },
      { kind: 'tool-input-delta', toolCallId: 'call_time', delta: '{"zone"' },
      { kind: 'tool-input-delta', toolCallId: 'call_weather', delta: '"Paris"}' },
      { kind: 'tool-input-delta', toolCallId: 'call_time', delta: ':"CET"}' },
      { kind: 'tool-input-available', toolCallId: 'call_weather', toolName: 'weather', input: { city: 'Paris' } },
      { kind: 'tool-input-available', toolCallId: 'call_time', toolName: 'time', input: { zone: 'CET' } },
      { kind: 'tool-output', toolCallId: 'call_weather', output: { temperature: 21 } },
      { kind: 'tool-output', toolCallId: 'call_time', output: '10:00' },
      'It is 21 degrees.',
    ]);
    expect(weather).toHaveBeenCalledWith({ city: 'Paris' }, expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(bodies[0]?.tools?.map((tool) => tool.function.name)).toEqual(['weather', 'time']);
    expect(bodies[1]?.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_weather', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_time', type: 'function', function: { name: 'time', arguments: '{"zone":"CET"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_weather', content: '{"temperature":21}' },
      { role: 'tool', tool_call_id: 'call_time', content: '10:00' },
    ]);
  });

  it('reports tool arguments that are not JSON as a tool error and lets the model go on', async () => {
    const { baseURL, bodies } = await serve(
      eventStream(await fixture('bad-arguments.sse')),
      eventStream(await fixture('answer.sse')),
    );
    const execute = vi.fn();
    const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: { execute } } });

    const events = await collect(respond(inputFor()));

    expect(events).toContainEqual({
      kind: 'tool-error',
      toolCallId: 'call_weather',
      errorText: expect.stringMatching(/arguments for tool "weather" that are not valid JSON/),
    });
    expect(execute).not.toHaveBeenCalled();
    expect(bodies[1]?.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_weather', content: expect.stringMatching(/not valid JSON/) });
    expect(events.at(-1)).toBe('It is 21 degrees.');
  });

  it('sends the history: attached images as image_url parts, earlier replies without their reasoning', async () => {
    const { baseURL, bodies } = await serve(eventStream(await fixture('answer.sse')));
    const input = inputFor();
    const messages = [
      {
        id: 'u0',
        role: 'user' as const,
        text: 'What is this?',
        status: 'complete' as const,
        createdAt: 0,
        parts: [
          { type: 'text' as const, text: 'What is this?' },
          { type: 'file' as const, url: 'https://example.com/cat.png', mediaType: 'image/png' },
        ],
      },
      {
        id: 'a0',
        role: 'assistant' as const,
        text: 'A cat.',
        status: 'complete' as const,
        createdAt: 1,
        parts: [
          { type: 'reasoning' as const, text: 'Whiskers.', done: true },
          { type: 'text' as const, text: 'A cat.' },
        ],
      },
      ...input.conversation.messages,
    ];

    await collect(respondWithChatCompletions({ baseURL, model: 'm' })({ ...input, conversation: { conversationId: 'c1', messages } }));

    expect(bodies[0]?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
        ],
      },
      { role: 'assistant', content: 'A cat.' },
      { role: 'user', content: 'Weather in Paris?' },
    ]);
  });

  it('answers a call to a tool it does not know with a tool error the model sees', async () => {
    const { baseURL, bodies } = await serve(
      eventStream(await fixture('tool-calls.sse')),
      eventStream(await fixture('answer.sse')),
    );
    const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: { execute: () => 21 } } });

    const events = await collect(respond(inputFor()));

    expect(events).toContainEqual({ kind: 'tool-error', toolCallId: 'call_time', errorText: '[rejoin] the model called an unknown tool "time".' });
    expect(bodies[1]?.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_time', content: '[rejoin] the model called an unknown tool "time".' });
  });

  it('ends the reply at a call to a tool without execute, for the app to run', async () => {
    const { baseURL, bodies } = await serve(eventStream(await fixture('weather-call.sse')));
    const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: {} } });

    const events = await collect(respond(inputFor()));

    expect(events.at(-1)).toEqual({ kind: 'tool-input-available', toolCallId: 'call_weather', toolName: 'weather', input: { city: 'Paris' } });
    expect(bodies).toHaveLength(1);
  });

  describe('a tool that needs approval', () => {
    const pausedParts: MessagePart[] = [
      { type: 'text', text: 'Let me check. ' },
      {
        type: 'tool-call',
        toolCallId: 'call_weather',
        toolName: 'weather',
        state: 'approval-requested',
        inputText: '{"city":"Paris"}',
        input: { city: 'Paris' },
      },
    ];

    it('pauses at the approval request without running the tool', async () => {
      const { baseURL } = await serve(eventStream(await fixture('weather-call.sse')));
      const execute = vi.fn();
      const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: { execute, needsApproval: true } } });

      const events = await collect(respond(inputFor()));

      expect(events.slice(-2)).toEqual([
        { kind: 'tool-input-available', toolCallId: 'call_weather', toolName: 'weather', input: { city: 'Paris' } },
        { kind: 'tool-approval-request', toolCallId: 'call_weather' },
      ]);
      expect(execute).not.toHaveBeenCalled();
    });

    it('runs the tool once approved and continues the conversation', async () => {
      const { baseURL, bodies } = await serve(eventStream(await fixture('answer.sse')));
      const execute = vi.fn(async () => 21);
      const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: { execute, needsApproval: true } } });
      const continuation = { messageId: 'a1', parts: pausedParts, approval: { toolCallId: 'call_weather', approved: true } };

      const events = await collect(respond(inputFor(undefined, continuation)));

      expect(events).toEqual([{ kind: 'tool-output', toolCallId: 'call_weather', output: 21 }, 'It is 21 degrees.']);
      expect(bodies[0]?.messages.slice(1)).toEqual([
        {
          role: 'assistant',
          content: 'Let me check. ',
          tool_calls: [{ id: 'call_weather', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_weather', content: '21' },
      ]);
    });

    it('tells the model the user denied the call, and why', async () => {
      const { baseURL, bodies } = await serve(eventStream(await fixture('answer.sse')));
      const execute = vi.fn();
      const respond = respondWithChatCompletions({ baseURL, model: 'm', tools: { weather: { execute, needsApproval: true } } });
      const continuation = {
        messageId: 'a1',
        parts: pausedParts,
        approval: { toolCallId: 'call_weather', approved: false, reason: 'not now' },
      };

      const events = await collect(respond(inputFor(undefined, continuation)));

      expect(events[0]).toEqual({ kind: 'tool-denied', toolCallId: 'call_weather' });
      expect(execute).not.toHaveBeenCalled();
      expect(bodies[0]?.messages.at(-1)).toEqual({
        role: 'tool',
        tool_call_id: 'call_weather',
        content: 'The user denied this tool call: not now',
      });
    });
  });

  it('throws a ModelError for an error object sent mid-stream, after the text before it', async () => {
    const { baseURL } = await serve(eventStream(await fixture('error-mid-stream.sse')));
    const events: (string | PartEvent)[] = [];

    const run = collect(respondWithChatCompletions({ baseURL, model: 'm' })(inputFor()), events);

    await expect(run).rejects.toThrow(ModelError);
    await expect(run).rejects.toThrow(/overloaded/);
    expect(events).toEqual(['Once upon']);
  });

  it('throws a ModelError when the connection is cut mid-stream', async () => {
    const bytes = await fixture('cut-mid-stream.sse');
    const { baseURL } = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(bytes, () => response.destroy());
    });

    const run = collect(respondWithChatCompletions({ baseURL, model: 'm' })(inputFor()));

    await expect(run).rejects.toThrow(expect.objectContaining({ name: 'ModelError', code: 'model/failed' }));
    await expect(run).rejects.toThrow(/cut the stream/);
  });

  it('throws a ModelError with the status and the endpoint message for a non-200 answer', async () => {
    const body = await fixture('unauthorized.json');
    const { baseURL } = await serve((response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end(body);
    });

    const run = collect(respondWithChatCompletions({ baseURL, apiKey: 'wrong', model: 'm' })(inputFor()));

    await expect(run).rejects.toThrow(expect.objectContaining({ status: 401 }));
    await expect(run).rejects.toThrow(/401.*Incorrect API key/);
  });

  it('aborts the request when the signal aborts, and the endpoint sees the connection close', async () => {
    const bytes = await fixture('cut-mid-stream.sse');
    const firstEvent = bytes.subarray(0, bytes.indexOf('\n\n') + 2);
    let endpointSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (endpointSawClose = resolve));
    const { baseURL } = await serve((response) => {
      response.on('close', endpointSawClose);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(firstEvent);
    });
    const controller = new AbortController();
    const iterator = respondWithChatCompletions({ baseURL, model: 'm' })(inputFor(controller.signal))[Symbol.asyncIterator]();

    expect(await iterator.next()).toEqual({ done: false, value: 'Once upon' });
    const next = iterator.next();
    controller.abort();

    expect(await next).toEqual({ done: true, value: undefined });
    await closed;
  });

  it('refuses a maxSteps below 1 with a config error', () => {
    expect(() => respondWithChatCompletions({ baseURL: 'http://127.0.0.1', model: 'm', maxSteps: 0 })).toThrow(
      expect.objectContaining({ code: 'config/invalid' }),
    );
  });
});
