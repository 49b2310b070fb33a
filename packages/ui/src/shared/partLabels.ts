import type { FilePart, MessagePart, SourcePart, ToolCallPart, ToolCallState } from '@rejoin/core';

/**
 * The words and tones the part components show, framework-agnostic so the React and Vue parts say
 * the same thing. Every status is a word first; the tone only colours it.
 */

/** How a status is coloured (the card's `data-tone`): never the only way it is told. */
export type PartTone = 'neutral' | 'progress' | 'attention' | 'success' | 'danger';

export interface ToolCallStatus {
  readonly label: string;
  readonly tone: PartTone;
}

const TOOL_CALL_STATUS: Readonly<Record<ToolCallState, ToolCallStatus>> = {
  'input-streaming': { label: 'Preparing…', tone: 'progress' },
  'input-available': { label: 'Running…', tone: 'progress' },
  'approval-requested': { label: 'Needs your approval', tone: 'attention' },
  'approval-responded': { label: 'Answered', tone: 'progress' },
  'output-available': { label: 'Done', tone: 'success' },
  'output-error': { label: 'Failed', tone: 'danger' },
  'output-denied': { label: 'Denied', tone: 'danger' },
};

/** The status line of a tool call card. A responded approval says which way it went. */
export function toolCallStatus(part: Pick<ToolCallPart, 'state' | 'approval'>): ToolCallStatus {
  if (part.state === 'approval-responded' && part.approval !== undefined) {
    return part.approval.approved ? { label: 'Approved, running…', tone: 'progress' } : { label: 'Denied', tone: 'danger' };
  }
  return TOOL_CALL_STATUS[part.state];
}

/**
 * JSON as people read it: indented, and `undefined` (which JSON cannot say) spelled out rather
 * than rendered as nothing.
 */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

/**
 * The input a card shows: while it streams, `inputText` is partial JSON that cannot be parsed, so
 * it is shown as it came; once `input` parsed, pretty-printed.
 */
export function toolCallInput(part: Pick<ToolCallPart, 'state' | 'inputText' | 'input'>): string {
  if (part.state === 'input-streaming' || part.input === undefined) return part.inputText;
  return formatJson(part.input);
}

/** The user's decision on a call that asked for approval, or null while there is none. */
export function approvalDecision(part: Pick<ToolCallPart, 'state' | 'approval'>): string | null {
  if (part.approval === undefined) return part.state === 'output-denied' ? 'Denied.' : null;
  const verdict = part.approval.approved ? 'You approved this call' : 'You denied this call';
  return part.approval.reason === undefined || part.approval.reason === '' ? `${verdict}.` : `${verdict}: ${part.approval.reason}`;
}

/** Timing of a reasoning part, when the app knows it (ms since the epoch). */
export interface ReasoningTiming {
  readonly startedAt?: number | undefined;
  readonly endedAt?: number | undefined;
}

/** "Thinking…" while it streams, "Thought for 3 s" once done and timed, "Thought" when the time is unknown. */
export function reasoningLabel(done: boolean, timing: ReasoningTiming = {}): string {
  if (!done) return 'Thinking…';
  if (timing.startedAt === undefined || timing.endedAt === undefined) return 'Thought';
  // Under a second still took some time: "for 1 s" reads better than "for 0 s".
  const seconds = Math.max(1, Math.round((timing.endedAt - timing.startedAt) / 1000));
  return `Thought for ${seconds} s`;
}

/** A source chip's text: its title, or the site it points to. */
export function sourceLabel(part: Pick<SourcePart, 'url' | 'title'>): string {
  if (part.title !== undefined && part.title.trim() !== '') return part.title;
  try {
    return new URL(part.url).hostname || part.url;
  } catch {
    return part.url;
  }
}

/** A file chip's name: the filename, or the last segment of its URL (a `data:` URL has none worth showing). */
export function fileName(part: Pick<FilePart, 'url' | 'filename'>): string {
  if (part.filename !== undefined && part.filename !== '') return part.filename;
  try {
    const url = new URL(part.url);
    if (url.protocol === 'data:') return 'file';
    const segment = url.pathname.split('/').filter((piece) => piece !== '').pop();
    return segment === undefined ? url.hostname || 'file' : decodeURIComponent(segment);
  } catch {
    return part.url.split(/[?#]/)[0]?.split('/').filter((piece) => piece !== '').pop() ?? 'file';
  }
}

/** Images get a thumbnail in their chip. */
export function isImage(mediaType: string): boolean {
  return mediaType.startsWith('image/');
}

/** A message needs the parts renderer when it holds anything but text (plain text keeps the simple bubble). */
export function hasRichParts(parts: readonly MessagePart[] | undefined): parts is readonly MessagePart[] {
  return parts !== undefined && parts.some((part) => part.type !== 'text');
}

/** A stable key for a part in its message: tool calls and sources by id, the rest by place. */
export function partKey(part: MessagePart, index: number): string {
  switch (part.type) {
    case 'tool-call':
      return `tool-${part.toolCallId}`;
    case 'source':
      return `source-${part.sourceId}-${index}`;
    case 'data':
      return part.id === undefined ? `data-${index}` : `data-${part.id}`;
    default:
      return `${part.type}-${index}`;
  }
}
