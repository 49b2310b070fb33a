import type { ChatClient, ChatSnapshot } from '@rejoin/core';
import type { DevtoolsRecorder, LoggedFrame } from '../recorder/createDevtoolsRecorder.ts';
import { hiddenLabel, hideSecrets, type RevealOptions } from '../recorder/hideSecrets.ts';
import { stateLabel } from '../statechart/statechartTree.ts';

/** What one render shows: the live snapshot, or one from the past when time-travelling. */
export interface SectionView {
  readonly snapshot: ChatSnapshot;
  /** The time the view is of: now when live, the snapshot's time when travelling. */
  readonly at: number;
  readonly reveal: RevealOptions;
  readonly frameFilter: { readonly conversation: string; readonly type: string };
}

/** Rows shown in the frame log: the rest stays in the recorder (and the support bundle). */
const SHOWN_FRAMES = 150;
/** A payload longer than this is cut in the log; the bundle keeps it whole. */
const PAYLOAD_CHARS = 240;

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const row = (cells: readonly unknown[], tag = 'td'): string => `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
const definitions = (entries: readonly (readonly [string, unknown])[]): string =>
  `<dl>${entries.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const clockTime = (at: number): string => new Date(at).toISOString().slice(11, 23);
const shown = (value: string, visible: boolean): string => (visible ? value : hiddenLabel(value));

export function renderConnection(view: SectionView, client: ChatClient): string {
  const { context } = view.snapshot;
  const countdown = view.snapshot.hasTag('disconnected') && context.nextRetryAt !== null ? seconds(Math.max(0, context.nextRetryAt - view.at)) : '–';
  return definitions([
    ['state', stateLabel(view.snapshot.value)],
    ['attempt', context.attempt],
    ['backoff', context.retryDelayMs > 0 ? seconds(context.retryDelayMs) : '–'],
    ['retry in', countdown],
    ['last error', context.lastError ? `${context.lastError.code}: ${context.lastError.message}` : '–'],
    ['errors', context.errors.length === 0 ? '–' : context.errors.slice(-3).map((error) => error.code).join(', ')],
    ['offline (devtools)', client.devtools.offline ? 'yes' : 'no'],
    ['client id', context.clientId],
    ['token', context.token === null ? '–' : shown(context.token, view.reveal.token)],
  ]);
}

export function renderConversations(view: SectionView): string {
  const conversations = Object.values(view.snapshot.context.conversations);
  if (conversations.length === 0) return '<p class="rj-muted">No conversation yet.</p>';
  const open = view.snapshot.context.openConversationId;
  return `<table><thead>${row(['conversation', 'status', 'loaded', 'messages', 'stream messageId', 'lastSeq', 'last text'], 'th')}</thead><tbody>${conversations
    .map((conversation) => {
      const last = conversation.messages.at(-1);
      return row([
        conversation.conversationId + (conversation.conversationId === open ? ' (open)' : ''),
        conversation.status,
        conversation.loaded ? 'yes' : 'no',
        conversation.messages.length,
        conversation.stream?.messageId ?? '–',
        conversation.stream ? `${conversation.stream.lastSeq}${conversation.stream.awaitingReplay ? ' (awaiting replay)' : ''}` : '–',
        last === undefined ? '–' : shown(last.text.slice(-80), view.reveal.text),
      ]);
    })
    .join('')}</tbody></table>`;
}

export function renderOutbox(view: SectionView, recorder: DevtoolsRecorder): string {
  const { outbox } = view.snapshot.context;
  if (outbox.length === 0) return '<p class="rj-muted">Empty: every message was acknowledged.</p>';
  return `<table><thead>${row(['messageId', 'conversation', 'age', 'attempts', 'text'], 'th')}</thead><tbody>${outbox
    .map((entry) =>
      row([entry.messageId, entry.conversationId, seconds(view.at - entry.createdAt), recorder.sendAttempts(entry.messageId), shown(entry.text, view.reveal.text)]),
    )
    .join('')}</tbody></table>`;
}

export function renderPersistence(client: ChatClient, now: number): string {
  const stats = client.persistenceStats;
  return definitions([
    ['size', `${stats.storedChars} chars`],
    ['last write', stats.lastWriteAt === null ? 'never' : `${clockTime(stats.lastWriteAt)} (${seconds(now - stats.lastWriteAt)} ago)`],
    ['version', stats.version],
    ['writes', `${stats.writes} (${stats.bytesWritten} chars, ${stats.skippedUnchanged} skipped unchanged)`],
    ['failures', stats.failures],
  ]);
}

/** The frames the filters keep, up to the view's time. */
export function filteredFrames(frames: readonly LoggedFrame[], view: SectionView): LoggedFrame[] {
  const conversation = view.frameFilter.conversation.trim();
  const type = view.frameFilter.type.trim();
  return frames.filter(
    (frame) =>
      frame.at <= view.at &&
      (conversation === '' || frame.conversationId === conversation) &&
      (type === '' || frame.type.includes(type)),
  );
}

export function renderFrames(view: SectionView, recorder: DevtoolsRecorder): string {
  const frames = filteredFrames(recorder.frames, view);
  if (frames.length === 0) return '<p class="rj-muted">No frame matches (frames are recorded while the panel is open).</p>';
  const rows = frames.slice(-SHOWN_FRAMES).map((frame) => {
    const payload = JSON.stringify(hideSecrets(frame.frame, view.reveal)) ?? 'null';
    return `<tr data-frame-type="${escapeHtml(frame.type)}"><td>${clockTime(frame.at)}</td><td class="rj-${frame.direction}">${frame.direction === 'in' ? '↓ in' : '↑ out'}</td><td>${escapeHtml(
      frame.type,
    )}</td><td>${escapeHtml(frame.conversationId ?? '')}</td><td>${frame.bytes} B</td><td class="rj-payload">${escapeHtml(
      payload.length > PAYLOAD_CHARS ? `${payload.slice(0, PAYLOAD_CHARS)}…` : payload,
    )}</td></tr>`;
  });
  return `<p class="rj-muted">${frames.length} of ${recorder.frames.length} kept frames</p><table><thead>${row(['time', 'dir', 'type', 'conversation', 'size', 'frame'], 'th')}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The states the UI went through, oldest first, as recorded for time travel. */
export function renderTrail(recorder: DevtoolsRecorder, upTo: number): string {
  const labels: string[] = [];
  for (const { snapshot } of recorder.snapshots.slice(0, upTo + 1)) {
    const label = stateLabel(snapshot.value);
    if (labels.at(-1) !== label) labels.push(label);
  }
  return escapeHtml(labels.slice(-12).join(' → '));
}
