/**
 * How a reply's parts travel in a segment. The writer sees states, not the chunks between them, so
 * it derives the events that turn the parts it last stored into the parts it is handed, and keeps
 * them only when folding them back (the same `PartsDraft` fold the client uses) gives exactly those
 * parts; anything else is compacted. Restore folds them again, so what a refresh shows is what the
 * client held at the segment's `toSeq`, and a segment costs what the reply gained, not its parts.
 */
import { PartsDraft } from '../merge/messageParts.ts';
import type { MessagePart, PartEvent, ToolCallPart } from '../model/parts.ts';
import type { SegmentEvent } from './PersistedRecord.ts';

/**
 * The events that take `before` to `after`, in fold order, or null when the change is not one the
 * fold makes from appended events (a part removed or rewritten): the writer then compacts.
 */
export function segmentEventsBetween(before: readonly MessagePart[], after: readonly MessagePart[]): SegmentEvent[] | null {
  if (after.length < before.length) return null;
  const events: SegmentEvent[] = [];
  for (let index = 0; index < before.length; index += 1) {
    const was = before[index]!;
    const now = after[index]!;
    // The fold copies only the parts it changes: an untouched part is the same object.
    if (was !== now && !changeEvents(was, now, events)) return null;
  }
  for (let index = before.length; index < after.length; index += 1) newPartEvents(after[index]!, events);
  const replayed = foldSegmentEvents(before, events);
  return replayed !== null && sameParts(replayed, after) ? events : null;
}

/** `parts` after the events, or null when one names a tool call they lack (a corrupt segment). */
export function foldSegmentEvents(parts: readonly MessagePart[], events: readonly SegmentEvent[]): readonly MessagePart[] | null {
  const draft = new PartsDraft(parts);
  for (const event of events) {
    if (event.kind === 'text') draft.appendText(event.delta);
    else if (draft.apply(event) !== undefined) return null;
  }
  return draft.result();
}

/** The text the events append: what the stream's `text` gains. */
export function textOfSegmentEvents(events: readonly SegmentEvent[]): string {
  let text = '';
  for (const event of events) if (event.kind === 'text') text += event.delta;
  return text;
}

/** Pushes the events that grow `was` into `now`; false when no event does. */
function changeEvents(was: MessagePart, now: MessagePart, events: SegmentEvent[]): boolean {
  if (sameValue(was, now)) return true;
  if (was.type === 'text' && now.type === 'text' && now.text.startsWith(was.text)) {
    events.push({ kind: 'text', delta: now.text.slice(was.text.length) });
    return true;
  }
  if (was.type === 'reasoning' && now.type === 'reasoning' && was.done !== true && now.text.startsWith(was.text)) {
    if (now.text.length > was.text.length) events.push({ kind: 'reasoning-delta', delta: now.text.slice(was.text.length) });
    if (now.done === true) events.push({ kind: 'reasoning-end' });
    return true;
  }
  if (was.type === 'tool-call' && now.type === 'tool-call' && was.toolCallId === now.toolCallId) {
    toolEvents(was, now, events);
    return true; // the replay check rejects what these events do not rebuild
  }
  if (was.type === 'data' && now.type === 'data' && was.id !== undefined && was.id === now.id) {
    events.push(eventOfPart(now));
    return true;
  }
  return false;
}

/** A tool call's way from `was` to `now`, in the order the protocol moves a call (parts.ts). */
function toolEvents(was: ToolCallPart, now: ToolCallPart, events: SegmentEvent[]): void {
  const { toolCallId } = now;
  if (was.state === 'input-streaming' && now.inputText.length > was.inputText.length && now.inputText.startsWith(was.inputText)) {
    events.push({ kind: 'tool-input-delta', toolCallId, delta: now.inputText.slice(was.inputText.length) });
  }
  if (was.state === 'input-streaming' && now.state !== 'input-streaming') {
    events.push({ kind: 'tool-input-available', toolCallId, toolName: now.toolName, input: now.input });
  }
  const requested = now.state === 'approval-requested' || now.approval !== undefined;
  if (requested && was.state !== 'approval-requested' && was.approval === undefined) events.push({ kind: 'tool-approval-request', toolCallId });
  if (now.approval !== undefined && was.approval === undefined) {
    const { approved, reason } = now.approval;
    events.push(reason === undefined ? { kind: 'tool-approval-response', toolCallId, approved } : { kind: 'tool-approval-response', toolCallId, approved, reason });
  }
  if (now.state !== was.state) {
    if (now.state === 'output-available') events.push({ kind: 'tool-output', toolCallId, output: now.output });
    else if (now.state === 'output-error') events.push({ kind: 'tool-error', toolCallId, errorText: now.errorText ?? '' });
    else if (now.state === 'output-denied') events.push({ kind: 'tool-denied', toolCallId });
  }
}

/** Pushes the events that create `part` at the end of the parts. */
function newPartEvents(part: MessagePart, events: SegmentEvent[]): void {
  switch (part.type) {
    case 'text':
      events.push({ kind: 'text', delta: part.text });
      return;
    case 'reasoning':
      events.push({ kind: 'reasoning-delta', delta: part.text });
      if (part.done === true) events.push({ kind: 'reasoning-end' });
      return;
    case 'tool-call':
      events.push({ kind: 'tool-input-start', toolCallId: part.toolCallId, toolName: part.toolName });
      toolEvents({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, state: 'input-streaming', inputText: '' }, part, events);
      return;
    default:
      events.push(eventOfPart(part));
  }
}

/** The event that appends a source, file or data part. */
function eventOfPart(part: Extract<MessagePart, { type: 'source' | 'file' | 'data' }>): PartEvent {
  switch (part.type) {
    case 'source': {
      const { type: _type, ...source } = part;
      return { kind: 'source', ...source };
    }
    case 'file': {
      const { type: _type, ...file } = part;
      return { kind: 'file', ...file };
    }
    case 'data': {
      const { type: _type, ...data } = part;
      return { kind: 'data', ...data };
    }
  }
}

function sameParts(left: readonly MessagePart[], right: readonly MessagePart[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) if (!sameValue(left[index], right[index])) return false;
  return true;
}

/** Deep equality of JSON values, key order aside (a part rebuilt by the fold may order keys anew). */
function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left).filter((key) => (left as Record<string, unknown>)[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => (right as Record<string, unknown>)[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => sameValue((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
}
