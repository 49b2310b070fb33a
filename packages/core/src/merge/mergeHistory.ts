import type { ConversationState, OutboxEntry, StreamState } from '../model/conversation.ts';
import type { ChatMessage, HistoryMessage } from '../model/message.ts';
import type { ConversationFrame } from '../protocol/frames.ts';
import { pendingMessage } from './userMessages.ts';
import { partsOfText } from './messageParts.ts';
import type { MessagePart } from '../model/parts.ts';
import { isFinished } from './conversationUpdates.ts';
import { nextConversation } from './conversationUpdates.ts';
import { orderMessages } from './conversationUpdates.ts';
import { positionOf } from './conversationUpdates.ts';
import { settledStatus } from './conversationUpdates.ts';
import { sameOrNewStream } from './replyStream.ts';

/**
 * Merges a loaded history (`conversation` frame) into what this client holds.
 *
 * - The server's history is the truth and keeps its order; each message's `index` is its
 *   position in `loaded.messages`. The frame is assumed to hold the whole history (no `limit`).
 * - Every id appears once, whatever was held before (a server repeating an id keeps the first).
 * - A reply the snapshot shows streaming keeps the LONGEST CORRECT text: the client's when it
 *   holds a higher `seq` (chunks it received after the snapshot was taken), the server's
 *   otherwise. A reply this client saw end never reopens, whatever an older snapshot says;
 *   a reply the server shows ended takes the server's text and status.
 * - The snapshot can be older than frames already applied (a load answered late, a coalesced
 *   batch): messages the client holds that the snapshot has not reached yet (an `index` past the
 *   history's end, or no index and not pending) are kept after the history. Held messages whose
 *   index the history covers but which it does not contain are dropped: the server wins.
 * - Optimistic user messages: an outbox entry of this conversation that the history holds becomes
 *   that history message; the others show as `pending`, after everything else, in outbox order.
 *   The outbox is the truth for pending messages: a pending message not in it is dropped.
 * - `stream` follows `loaded.activeStream` at the reply's merged `seq` (the larger of the two),
 *   with `awaitingReplay` false because the load resubscribes from there; null when the server
 *   has none or when the reply has ended (server wins). A streaming reply newer than the snapshot
 *   keeps the client's stream.
 * - `status` is the frame's, except that it is `streaming` exactly when a stream is followed,
 *   and that a snapshot older than what this client holds cannot say how a reply it lacks (or
 *   shows streaming) ended: then the newest reply held decides (`errored` when it failed, `idle`
 *   otherwise), never an endless spinner. `loaded` becomes true.
 *
 * Untouched messages keep their identity, and an unchanged result is `local` itself. A frame of
 * another conversation is ignored.
 */
export function mergeHistory(
  local: ConversationState,
  loaded: ConversationFrame,
  outbox: readonly OutboxEntry[],
): ConversationState {
  if (loaded.conversationId !== local.conversationId) return local;
  const { conversationId } = local;
  const held = new Map(local.messages.map((m) => [m.id, m]));
  const active = loaded.activeStream;
  const merged: ChatMessage[] = [];
  const present = new Set<string>();

  // Whether this client holds news the snapshot lacks: then its status is older than ours too.
  let snapshotIsOlder = false;
  for (const historyMessage of loaded.messages) {
    if (present.has(historyMessage.id)) continue;
    present.add(historyMessage.id);
    const serverSeq = historyMessage.seq ?? (active?.messageId === historyMessage.id ? active.lastSeq : undefined);
    const message = mergeMessage(held.get(historyMessage.id), historyMessage, merged.length, serverSeq);
    if (historyMessage.status === 'streaming' && isFinished(message)) snapshotIsOlder = true;
    merged.push(message);
  }
  const historyLength = merged.length;
  const historyIds = new Set(present);

  const outboxIds = new Set<string>();
  for (const entry of outbox) if (entry.conversationId === conversationId) outboxIds.add(entry.messageId);
  for (const message of local.messages) {
    if (present.has(message.id)) continue;
    const keep =
      message.status === 'pending'
        ? outboxIds.has(message.id)
        : message.index === undefined || message.index >= historyLength;
    if (!keep) continue;
    if (message.status !== 'pending') snapshotIsOlder = true;
    present.add(message.id);
    merged.push(message);
  }
  for (const entry of outbox) {
    if (entry.conversationId !== conversationId || present.has(entry.messageId)) continue;
    present.add(entry.messageId);
    merged.push(pendingMessage(entry));
  }

  const ordered = orderMessages(merged);
  const messages = sameElements(local.messages, ordered) ? local.messages : ordered;
  const stream = followedStream(local.stream, messages, historyIds, active);
  return nextConversation(local, {
    messages,
    stream,
    status: statusAfterMerge(loaded.status, stream, messages, snapshotIsOlder ? local.status : null),
    loaded: true,
  });
}

function mergeMessage(
  local: ChatMessage | undefined,
  history: HistoryMessage,
  index: number,
  serverSeq: number | undefined,
): ChatMessage {
  const server = chatMessage(history, index, history.text, history.parts ?? partsOfText(history.text), history.status, serverSeq);
  if (local === undefined || local.role !== history.role) return server;
  let result = server;
  if (history.role === 'assistant' && history.status === 'streaming') {
    if (isFinished(local)) {
      result = chatMessage(history, index, local.text, local.parts, local.status, local.seq);
    } else if ((local.seq ?? 0) > (serverSeq ?? 0)) {
      result = chatMessage(history, index, local.text, local.parts, 'streaming', local.seq);
    }
  }
  return sameMessage(local, result) ? local : result;
}

function chatMessage(
  history: HistoryMessage,
  index: number,
  text: string,
  parts: readonly MessagePart[],
  status: ChatMessage['status'],
  seq: number | undefined,
): ChatMessage {
  const message: ChatMessage = { id: history.id, role: history.role, text, parts, status, createdAt: history.createdAt, index };
  return seq === undefined ? message : { ...message, seq };
}

function followedStream(
  localStream: StreamState | null,
  messages: readonly ChatMessage[],
  historyIds: ReadonlySet<string>,
  active: ConversationFrame['activeStream'],
): StreamState | null {
  const streaming = (id: string): ChatMessage | undefined => {
    const message = messages[positionOf(messages, id)];
    return message?.status === 'streaming' ? message : undefined;
  };
  // A reply newer than the snapshot is the live one: the snapshot's active reply has ended since.
  if (localStream !== null && !historyIds.has(localStream.messageId) && streaming(localStream.messageId)) {
    return localStream;
  }
  const activeMessage = active === null ? undefined : streaming(active.messageId);
  if (activeMessage === undefined) return null;
  return sameOrNewStream(localStream, activeMessage.id, activeMessage.seq ?? 0, false);
}

function statusAfterMerge(
  loadedStatus: ConversationFrame['status'],
  stream: StreamState | null,
  messages: readonly ChatMessage[],
  newerStatus: ConversationState['status'] | null,
): ConversationState['status'] {
  if (stream !== null) return 'streaming';
  // The snapshot's status is as old as the snapshot: it cannot say how a reply it lacks ended.
  if (newerStatus !== null || loadedStatus === 'streaming') return settledStatus(messages, newerStatus ?? loadedStatus);
  return loadedStatus;
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.text === b.text &&
    sameParts(a.parts, b.parts) &&
    a.status === b.status &&
    a.createdAt === b.createdAt &&
    a.seq === b.seq &&
    a.index === b.index
  );
}

/** Parts from a history frame are new objects each load: equal content keeps the held message. */
function sameParts(a: readonly MessagePart[], b: readonly MessagePart[]): boolean {
  return a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
}

function sameElements(a: readonly ChatMessage[], b: readonly ChatMessage[]): boolean {
  return a.length === b.length && a.every((message, i) => message === b[i]);
}
