import type { MessagePart, ToolCallPart } from '@rejoin/core/ai-sdk';
import type { RespondInput } from '../../generation/Respond.ts';

/** A message of the chat completions API (not Rejoin's `ChatMessage`), as far as Rejoin writes them. */
export type CompletionMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | UserContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

type UserContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** A tool call as the API writes it: the arguments are JSON text. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

type HistoryMessage = RespondInput['conversation']['messages'][number];

/** The conversation as chat messages: the system prompt, the history, then the reply so far. */
export function chatMessagesOf(
  history: readonly HistoryMessage[],
  reply: readonly MessagePart[],
  system: string | undefined,
): CompletionMessage[] {
  const messages: CompletionMessage[] = system === undefined ? [] : [{ role: 'system', content: system }];
  for (const message of history) {
    const parts = message.parts ?? [{ type: 'text', text: message.text }];
    messages.push(...(message.role === 'user' ? [userMessageOf(parts)] : assistantTurnsOf(parts)));
  }
  messages.push(...assistantTurnsOf(reply));
  return messages;
}

/** A user message; attached images go as `image_url` parts, the only files the API takes inline. */
function userMessageOf(parts: readonly MessagePart[]): CompletionMessage {
  const content: UserContentPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    if (part.type === 'file' && part.mediaType.startsWith('image/')) content.push({ type: 'image_url', image_url: { url: part.url } });
  }
  const onlyText = content.every((part) => part.type === 'text');
  return { role: 'user', content: onlyText ? content.map((part) => part.text).join('') : content };
}

/**
 * An assistant reply as the API's turns: each run of text and tool calls becomes one assistant
 * message, followed by one `tool` message per call. Reasoning is not sent back: compatible
 * endpoints ignore it or refuse it. A call without an outcome yet is left out, since the API
 * refuses a tool call that no `tool` message answers.
 */
export function assistantTurnsOf(parts: readonly MessagePart[]): CompletionMessage[] {
  const turns: CompletionMessage[] = [];
  let content = '';
  let calls: ToolCallPart[] = [];
  const flush = () => {
    if (content === '' && calls.length === 0) return;
    const toolCalls = calls.map(
      (call): ChatToolCall => ({ id: call.toolCallId, type: 'function', function: { name: call.toolName, arguments: argumentsOf(call) } }),
    );
    turns.push(toolCalls.length === 0 ? { role: 'assistant', content } : { role: 'assistant', content: content === '' ? null : content, tool_calls: toolCalls });
    for (const call of calls) turns.push({ role: 'tool', tool_call_id: call.toolCallId, content: toolResultOf(call) });
    content = '';
    calls = [];
  };
  for (const part of parts) {
    if (part.type === 'text') {
      if (calls.length > 0) flush();
      content += part.text;
    } else if (part.type === 'tool-call' && hasOutcome(part)) {
      calls.push(part);
    }
  }
  flush();
  return turns;
}

function hasOutcome(call: ToolCallPart): boolean {
  return call.state === 'output-available' || call.state === 'output-error' || call.state === 'output-denied';
}

function argumentsOf(call: ToolCallPart): string {
  return call.input === undefined ? call.inputText : JSON.stringify(call.input);
}

function toolResultOf(call: ToolCallPart): string {
  if (call.state === 'output-error') return call.errorText ?? 'The tool failed.';
  if (call.state === 'output-denied') {
    return `The user denied this tool call${call.approval?.reason === undefined ? '.' : `: ${call.approval.reason}`}`;
  }
  return typeof call.output === 'string' ? call.output : JSON.stringify(call.output ?? null);
}
