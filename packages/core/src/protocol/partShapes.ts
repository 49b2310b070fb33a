/**
 * The shapes of protocol v2's message parts on the wire: each `PartEvent` kind a `chunk` may carry
 * (src/model/parts.ts says how each folds), each `MessagePart` type a history message may hold,
 * and a file attached to a `send`. One table per union, checked by `variantOf`.
 */
import { arrayOf, arrayWhere, boolean, id, optional, present, string, variantOf, type FieldRule, type RecordShape } from './fieldChecks.ts';
import type { MessagePart, PartEvent } from '../model/parts.ts';

const toolCallId = id;

/** Every `PartEvent` kind's fields (besides `kind`). */
const partEventShapes: { readonly [K in PartEvent['kind']]: RecordShape } = {
  'reasoning-delta': { delta: string },
  'reasoning-end': {},
  'tool-input-start': { toolCallId, toolName: string },
  'tool-input-delta': { toolCallId, delta: string },
  'tool-input-available': { toolCallId, toolName: string, input: present },
  'tool-approval-request': { toolCallId },
  'tool-approval-response': { toolCallId, approved: boolean, reason: optional(string) },
  'tool-output': { toolCallId, output: present },
  'tool-error': { toolCallId, errorText: string },
  'tool-denied': { toolCallId },
  source: { sourceId: string, url: string, title: optional(string) },
  file: { url: string, mediaType: string, filename: optional(string) },
  data: { name: string, data: present, id: optional(string) },
};

/** The kinds a `chunk.part` may have, at run time (tests and docs need the list). */
export const PART_EVENT_KINDS = Object.keys(partEventShapes) as readonly PartEvent['kind'][];

/** A v2 chunk's `part`. */
export const partEvent: FieldRule = variantOf('kind', new Map(Object.entries(partEventShapes)));

const TOOL_CALL_STATES = [
  'input-streaming',
  'input-available',
  'approval-requested',
  'approval-responded',
  'output-available',
  'output-error',
  'output-denied',
];

const toolStateRule: FieldRule = (value, path) =>
  typeof value === 'string' && TOOL_CALL_STATES.includes(value)
    ? undefined
    : { path, expected: TOOL_CALL_STATES.join(', '), got: value };

/** Every `MessagePart` type's fields (besides `type`), as a history message carries them. */
const messagePartShapes: { readonly [T in MessagePart['type']]: RecordShape } = {
  text: { text: string },
  reasoning: { text: string, done: optional(boolean) },
  'tool-call': {
    toolCallId,
    toolName: string,
    state: toolStateRule,
    inputText: string,
    errorText: optional(string),
    approval: optional(variantOf('approved', new Map([[true, { reason: optional(string) }], [false, { reason: optional(string) }]]))),
  },
  source: partEventShapes.source,
  file: partEventShapes.file,
  data: partEventShapes.data,
};

/** `HistoryMessage.parts` (v2). */
export const messageParts: FieldRule = arrayWhere(variantOf('type', new Map(Object.entries(messagePartShapes))));

/** `SendFrame.files` (v2). */
export const fileAttachments: FieldRule = arrayOf(partEventShapes.file);
