import type { MessagePart, PartEvent, ToolCallPart } from '@rejoin/core/protocol';

/** One piece of a reply's stream: plain text, or a part event (protocol v2). */
export type StreamPiece = string | PartEvent;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Folds a reply's pieces, in seq order, into its parts, as docs/protocol.md's v2 section and
 * `@rejoin/core`'s parts.ts describe: text appends to a last text part, reasoning deltas to an
 * unfinished last reasoning part, tool events update their call's part by `toolCallId`, a data part
 * with an `id` replaces the earlier one. Pure and kept in this one file so the core's merge
 * function can replace it. A tool event for an unknown call is ignored (the server never writes one).
 */
export function foldParts(pieces: Iterable<StreamPiece>, initial: readonly MessagePart[] = []): MessagePart[] {
  const parts: MessagePart[] = [...initial];
  for (const piece of pieces) applyPiece(parts, piece);
  return parts;
}

/** The joined text parts: a history message's `text`. */
export function textOfParts(parts: readonly MessagePart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

/** The tool call with this id, if the parts hold one. */
export function findToolCall(parts: readonly MessagePart[], toolCallId: string): ToolCallPart | undefined {
  for (const part of parts) if (part.type === 'tool-call' && part.toolCallId === toolCallId) return part;
  return undefined;
}

function applyPiece(parts: MessagePart[], piece: StreamPiece): void {
  const last = parts.at(-1);
  if (typeof piece === 'string') {
    if (piece === '') return;
    if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + piece };
    else push(parts, { type: 'text', text: piece });
    return;
  }
  switch (piece.kind) {
    case 'reasoning-delta':
      if (last?.type === 'reasoning' && last.done !== true) parts[parts.length - 1] = { type: 'reasoning', text: last.text + piece.delta };
      else push(parts, { type: 'reasoning', text: piece.delta });
      return;
    case 'reasoning-end':
      if (last?.type === 'reasoning') parts[parts.length - 1] = { ...last, done: true };
      return;
    case 'tool-input-start':
      push(parts, { type: 'tool-call', toolCallId: piece.toolCallId, toolName: piece.toolName, state: 'input-streaming', inputText: '' });
      return;
    case 'tool-input-delta':
      updateCall(parts, piece.toolCallId, (call) => ({ ...call, inputText: call.inputText + piece.delta }));
      return;
    case 'tool-input-available': {
      const found = updateCall(parts, piece.toolCallId, (call) => ({ ...call, state: 'input-available', input: piece.input }));
      // A call may arrive whole, without streamed input.
      if (!found) {
        push(parts, {
          type: 'tool-call',
          toolCallId: piece.toolCallId,
          toolName: piece.toolName,
          state: 'input-available',
          inputText: JSON.stringify(piece.input) ?? '',
          input: piece.input,
        });
      }
      return;
    }
    case 'tool-approval-request':
      updateCall(parts, piece.toolCallId, (call) => ({ ...call, state: 'approval-requested' }));
      return;
    case 'tool-approval-response':
      updateCall(parts, piece.toolCallId, (call) => ({
        ...call,
        state: 'approval-responded',
        approval: piece.reason === undefined ? { approved: piece.approved } : { approved: piece.approved, reason: piece.reason },
      }));
      return;
    case 'tool-output':
      updateCall(parts, piece.toolCallId, (call) => ({ ...call, state: 'output-available', output: piece.output }));
      return;
    case 'tool-error':
      updateCall(parts, piece.toolCallId, (call) => ({ ...call, state: 'output-error', errorText: piece.errorText }));
      return;
    case 'tool-denied':
      updateCall(parts, piece.toolCallId, (call) => ({ ...call, state: 'output-denied' }));
      return;
    case 'source':
      push(parts, piece.title === undefined
        ? { type: 'source', sourceId: piece.sourceId, url: piece.url }
        : { type: 'source', sourceId: piece.sourceId, url: piece.url, title: piece.title });
      return;
    case 'file':
      push(parts, piece.filename === undefined
        ? { type: 'file', url: piece.url, mediaType: piece.mediaType }
        : { type: 'file', url: piece.url, mediaType: piece.mediaType, filename: piece.filename });
      return;
    case 'data': {
      const data: Mutable<MessagePart & { type: 'data' }> = { type: 'data', name: piece.name, data: piece.data };
      if (piece.id !== undefined) {
        data.id = piece.id;
        const earlier = parts.findIndex((part) => part.type === 'data' && part.id === piece.id);
        if (earlier !== -1) {
          parts[earlier] = data;
          return;
        }
      }
      push(parts, data);
      return;
    }
  }
}

/** Appends a part; an unfinished reasoning part before it is finished by it. */
function push(parts: MessagePart[], part: MessagePart): void {
  const last = parts.at(-1);
  if (last?.type === 'reasoning' && last.done !== true && part.type !== 'reasoning') parts[parts.length - 1] = { ...last, done: true };
  parts.push(part);
}

function updateCall(parts: MessagePart[], toolCallId: string, update: (call: ToolCallPart) => ToolCallPart): boolean {
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index];
    if (part?.type === 'tool-call' && part.toolCallId === toolCallId) {
      parts[index] = update(part);
      return true;
    }
  }
  return false;
}
