/**
 * A lossless converter between Rejoin's message parts and the AI SDK 6 `UIMessage`, so apps can
 * reuse UI components built for the AI SDK (AI Elements, assistant-ui) and migrate stored histories.
 *
 * The AI SDK types are restated structurally here (see `AiSdkUIMessage`) instead of imported, so
 * `@rejoin/core` has no dependency on `ai`; the tests pass a real `UIMessage` to `fromUIMessage`.
 *
 * What has no Rejoin part type is kept, not dropped: a UI part type Rejoin does not map
 * (`step-start`, `dynamic-tool`, `source-document`, and any type a later AI SDK adds) becomes a
 * Rejoin data part named `ai-sdk:<type>` holding the rest of the UI part, and turns back into that
 * very part. These fields are not carried, because Rejoin's part shapes have no place for them:
 * - an approval's `id`: Rejoin addresses an approval by its tool call, so `toUIMessage` uses the
 *   tool call id; the AI SDK only needs the request and the response to share the id, and they do;
 * - provider metadata (`providerMetadata`, `callProviderMetadata`, ...) and the tool fields only
 *   a provider or the AI SDK's own loop reads (`providerExecuted`, `preliminary`, `title`,
 *   `toolMetadata`), and a reasoning part's `id`;
 * - a text part's `state`, which Rejoin keeps once per message as its `status`;
 * - the message's app-defined `metadata`: keep it beside the message.
 * After `input-available`, a tool call's `input` is the truth and its `inputText` is the input
 * serialized again (the AI SDK keeps no raw text past streaming).
 */
import { RejoinError } from '../errors/RejoinError.ts';
import type { MessageRole } from '../model/message.ts';
import type { DataPart, MessagePart, ToolCallPart, ToolCallState } from '../model/parts.ts';

/** The approval of an AI SDK tool part: `id` correlates the request with the response. */
export interface AiSdkToolApproval {
  id: string;
  approved?: boolean;
  reason?: string;
}

/** An AI SDK `tool-<name>` part (static tools), structurally. */
export interface AiSdkToolUIPart {
  type: `tool-${string}`;
  toolCallId: string;
  state: ToolCallState;
  input?: unknown;
  output?: unknown;
  errorText?: string;
  rawInput?: unknown;
  approval?: AiSdkToolApproval;
}

/**
 * The AI SDK 6 `UIMessage` parts Rejoin maps one to one, plus `AiSdkOtherUIPart` for the rest.
 * Provider metadata is not carried: Rejoin parts have no field for it (see the README).
 */
export type AiSdkUIMessagePart =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string; state?: 'streaming' | 'done' }
  | { type: 'source-url'; sourceId: string; url: string; title?: string }
  | { type: 'file'; url: string; mediaType: string; filename?: string }
  | { type: `data-${string}`; data: unknown; id?: string }
  | AiSdkToolUIPart
  | AiSdkOtherUIPart;

/** A UI part Rejoin has no part type for (`step-start`, `dynamic-tool`, `source-document`, ...). */
export interface AiSdkOtherUIPart {
  type: string;
  [field: string]: unknown;
}

/** The AI SDK 6 `UIMessage`, structurally (`metadata` is app-defined and kept as is). */
export interface AiSdkUIMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  metadata?: unknown;
  parts: AiSdkUIMessagePart[];
}

/** What the converter reads from a Rejoin message: a `HistoryMessage` or `ChatMessage` fits. */
export interface RejoinMessageContent {
  readonly id: string;
  readonly role: MessageRole;
  readonly text: string;
  readonly parts?: readonly MessagePart[];
}

/** What `fromUIMessage` returns: spread it into a `HistoryMessage` with a status and a time. */
export interface ConvertedMessage {
  readonly id: string;
  readonly role: MessageRole;
  /** The text parts joined, as Rejoin keeps a message's text beside its parts. */
  readonly text: string;
  readonly parts: MessagePart[];
}

/** Rejoin data parts with a name under this prefix hold a UI part Rejoin has no type for. */
export const AI_SDK_PART_PREFIX = 'ai-sdk:';

const TOOL_TYPE_PREFIX = 'tool-';
const DATA_TYPE_PREFIX = 'data-';

/**
 * The message's parts; a message written before parts existed (protocol v1) is its text alone.
 * A message whose parts hold no text part but whose text is not empty gets its text last, where a
 * reply's text follows its tool calls.
 */
export function partsOfMessage(message: RejoinMessageContent): readonly MessagePart[] {
  const parts = message.parts ?? [];
  if (message.text === '' || parts.some((part) => part.type === 'text')) return parts;
  return [...parts, { type: 'text', text: message.text }];
}

/** A Rejoin message as an AI SDK `UIMessage`. */
export function toUIMessage(message: RejoinMessageContent): AiSdkUIMessage {
  return { id: message.id, role: message.role, parts: partsOfMessage(message).map(toUIPart) };
}

/**
 * An AI SDK `UIMessage` as Rejoin message content.
 * @throws RejoinError `usage/invalid` for a `system` message (Rejoin keeps the system prompt on the
 * server) or a part that is not an object with a string `type`.
 */
export function fromUIMessage(uiMessage: AiSdkUIMessage): ConvertedMessage {
  if (uiMessage.role !== 'user' && uiMessage.role !== 'assistant') {
    throw new RejoinError(
      'usage/invalid',
      `fromUIMessage: message ${uiMessage.id} has role "${String(uiMessage.role)}"; Rejoin messages are "user" or "assistant". Set the system prompt on the server instead.`,
    );
  }
  const parts = uiMessage.parts.map(fromUIPart);
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { id: uiMessage.id, role: uiMessage.role, text, parts };
}

/** One Rejoin part as an AI SDK UI part. */
export function toUIPart(part: MessagePart): AiSdkUIMessagePart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'reasoning':
      return part.done === undefined
        ? { type: 'reasoning', text: part.text }
        : { type: 'reasoning', text: part.text, state: part.done ? 'done' : 'streaming' };
    case 'source':
      return withOptional({ type: 'source-url', sourceId: part.sourceId, url: part.url }, 'title', part.title);
    case 'file':
      return withOptional({ type: 'file', url: part.url, mediaType: part.mediaType }, 'filename', part.filename);
    case 'data':
      return dataToUIPart(part);
    case 'tool-call':
      return toolCallToUIPart(part);
  }
}

/**
 * One AI SDK UI part as a Rejoin part.
 * @throws RejoinError `usage/invalid` when the part is not an object with a string `type`.
 */
export function fromUIPart(part: AiSdkUIMessagePart): MessagePart {
  if (typeof part !== 'object' || part === null || typeof part.type !== 'string') {
    throw new RejoinError('usage/invalid', 'fromUIPart: a UI message part must be an object with a string `type`.');
  }
  const known = part as KnownUIPart;
  switch (known.type) {
    case 'text':
      return { type: 'text', text: known.text };
    case 'reasoning':
      return known.state === undefined
        ? { type: 'reasoning', text: known.text }
        : { type: 'reasoning', text: known.text, done: known.state === 'done' };
    case 'source-url':
      return withOptional({ type: 'source', sourceId: known.sourceId, url: known.url }, 'title', known.title);
    case 'file':
      return withOptional({ type: 'file', url: known.url, mediaType: known.mediaType }, 'filename', known.filename);
  }
  if (isDataUIPart(part)) {
    return withOptional(
      { type: 'data', name: part.type.slice(DATA_TYPE_PREFIX.length), data: part.data },
      'id',
      part.id,
    );
  }
  if (isToolUIPart(part)) return toolCallFromUIPart(part);
  // Kept whole so `toUIPart` gives back the very same part.
  const { type, ...rest } = part;
  return { type: 'data', name: `${AI_SDK_PART_PREFIX}${type}`, data: rest };
}

type KnownUIPart = Extract<AiSdkUIMessagePart, { type: 'text' | 'reasoning' | 'source-url' | 'file' }>;

function isDataUIPart(part: AiSdkUIMessagePart): part is Extract<AiSdkUIMessagePart, { type: `data-${string}` }> {
  return part.type.startsWith(DATA_TYPE_PREFIX);
}

const TOOL_STATES: ReadonlySet<string> = new Set<ToolCallState>([
  'input-streaming',
  'input-available',
  'approval-requested',
  'approval-responded',
  'output-available',
  'output-error',
  'output-denied',
]);

function isToolUIPart(part: AiSdkUIMessagePart): part is AiSdkToolUIPart {
  const fields = part as Partial<Record<string, unknown>>;
  return (
    part.type.startsWith(TOOL_TYPE_PREFIX) &&
    typeof fields['toolCallId'] === 'string' &&
    typeof fields['state'] === 'string' &&
    TOOL_STATES.has(fields['state'])
  );
}

function dataToUIPart(part: DataPart): AiSdkUIMessagePart {
  if (part.name.startsWith(AI_SDK_PART_PREFIX) && isRecord(part.data)) {
    return { ...part.data, type: part.name.slice(AI_SDK_PART_PREFIX.length) };
  }
  return withOptional({ type: `${DATA_TYPE_PREFIX}${part.name}` as const, data: part.data }, 'id', part.id);
}

function toolCallToUIPart(part: ToolCallPart): AiSdkToolUIPart {
  const uiPart: AiSdkToolUIPart = { type: `${TOOL_TYPE_PREFIX}${part.toolName}`, toolCallId: part.toolCallId, state: part.state };
  if (part.state === 'input-streaming') {
    // The UI shows `input` while it streams; the raw text lets a resumed stream go on from it.
    uiPart.rawInput = part.inputText;
  }
  if ('input' in part) uiPart.input = part.input;
  if ('output' in part) uiPart.output = part.output;
  if (part.errorText !== undefined) uiPart.errorText = part.errorText;
  if (part.state === 'approval-requested') {
    uiPart.approval = { id: part.toolCallId };
  } else if (part.approval !== undefined) {
    uiPart.approval = withOptional({ id: part.toolCallId, approved: part.approval.approved }, 'reason', part.approval.reason);
  }
  return uiPart;
}

function toolCallFromUIPart(part: AiSdkToolUIPart): ToolCallPart {
  const rawInput = typeof part.rawInput === 'string' ? part.rawInput : undefined;
  const inputText = rawInput ?? (part.input === undefined ? '' : JSON.stringify(part.input));
  const toolCall: { -readonly [K in keyof ToolCallPart]: ToolCallPart[K] } = {
    type: 'tool-call',
    toolCallId: part.toolCallId,
    toolName: part.type.slice(TOOL_TYPE_PREFIX.length),
    state: part.state,
    inputText,
  };
  if ('input' in part) toolCall.input = part.input;
  if ('output' in part) toolCall.output = part.output;
  if (part.errorText !== undefined) toolCall.errorText = part.errorText;
  if (part.approval?.approved !== undefined) {
    toolCall.approval = withOptional({ approved: part.approval.approved }, 'reason', part.approval.reason);
  }
  return toolCall;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an optional field only when it has a value, as `exactOptionalPropertyTypes` wants. */
function withOptional<T extends object, K extends string, V>(
  target: T,
  key: K,
  value: V | undefined,
): T & { [P in K]?: V } {
  return value === undefined ? target : { ...target, [key]: value };
}
