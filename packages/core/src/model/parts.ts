/**
 * Message parts (protocol v2): what an assistant reply is made of besides text. Shared by the wire
 * protocol, the merge functions, persistence, the adapters, the kit and the server.
 *
 * The shapes follow the AI SDK's `UIMessage` parts closely on purpose (same tool states, same
 * field names where the idea is the same), so the converter to and from `UIMessage` is a rename of
 * `type` tags rather than a translation, and UI components built for it can be reused.
 */

/** Where a tool call stands; the AI SDK's tool part states, in the order a call moves through them. */
export type ToolCallState =
  | 'input-streaming'
  | 'input-available'
  | 'approval-requested'
  | 'approval-responded'
  | 'output-available'
  | 'output-error'
  | 'output-denied';

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface ReasoningPart {
  readonly type: 'reasoning';
  readonly text: string;
  /** Set when the reasoning ended (a `reasoning-end` event, or any later part). */
  readonly done?: boolean;
}

export interface ToolCallPart {
  readonly type: 'tool-call';
  readonly toolCallId: string;
  readonly toolName: string;
  readonly state: ToolCallState;
  /** The input as JSON text, as it streamed; `input` once it parsed (`input-available` on). */
  readonly inputText: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly errorText?: string;
  /** The user's decision, once given (`approval-responded` and after). */
  readonly approval?: { readonly approved: boolean; readonly reason?: string };
}

export interface SourcePart {
  readonly type: 'source';
  readonly sourceId: string;
  readonly url: string;
  readonly title?: string;
}

export interface FilePart {
  readonly type: 'file';
  readonly url: string;
  readonly mediaType: string;
  readonly filename?: string;
}

/** App-defined data: a name the app knows how to render, and JSON. A part with the same `id` replaces the earlier one. */
export interface DataPart {
  readonly type: 'data';
  readonly name: string;
  readonly data: unknown;
  readonly id?: string;
}

export type MessagePart = TextPart | ReasoningPart | ToolCallPart | SourcePart | FilePart | DataPart;

/**
 * One event of a reply's stream besides plain text, carried by a v2 `chunk` frame's `part` field.
 * Each event takes one seq of the message, like a text chunk, so a message keeps one cursor across
 * all its parts. `reasoning-delta` appends to the last part when it is an unfinished reasoning part
 * and starts a new one otherwise; tool events address their part by `toolCallId`.
 */
export type PartEvent =
  | { readonly kind: 'reasoning-delta'; readonly delta: string }
  | { readonly kind: 'reasoning-end' }
  | { readonly kind: 'tool-input-start'; readonly toolCallId: string; readonly toolName: string }
  | { readonly kind: 'tool-input-delta'; readonly toolCallId: string; readonly delta: string }
  | { readonly kind: 'tool-input-available'; readonly toolCallId: string; readonly toolName: string; readonly input: unknown }
  | { readonly kind: 'tool-approval-request'; readonly toolCallId: string }
  | { readonly kind: 'tool-approval-response'; readonly toolCallId: string; readonly approved: boolean; readonly reason?: string }
  | { readonly kind: 'tool-output'; readonly toolCallId: string; readonly output: unknown }
  | { readonly kind: 'tool-error'; readonly toolCallId: string; readonly errorText: string }
  | { readonly kind: 'tool-denied'; readonly toolCallId: string }
  | { readonly kind: 'source'; readonly sourceId: string; readonly url: string; readonly title?: string }
  | { readonly kind: 'file'; readonly url: string; readonly mediaType: string; readonly filename?: string }
  | { readonly kind: 'data'; readonly name: string; readonly data: unknown; readonly id?: string };

/** A file a user attaches to a message, by URL: uploading is the app's business. */
export interface FileAttachment {
  readonly url: string;
  readonly mediaType: string;
  readonly filename?: string;
}
