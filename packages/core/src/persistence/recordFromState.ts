import type { ConversationState, OutboxEntry, PendingApproval } from '../model/conversation.ts';
import { encodeOutboxEntry } from './createSegmentedWriter.ts';
import type { ChatMessage } from '../model/message.ts';
import {
  PERSISTED_RECORD_FORMAT,
  PERSISTED_RECORD_VERSION,
  type PersistedQuestion,
  type PersistedRecord,
  type PersistedStream,
} from './PersistedRecord.ts';

/** The slice of client state `recordFromState` reads. */
export interface PersistableState {
  readonly namespace: string;
  /** Becomes the record's `savedAt`. */
  readonly now: number;
  readonly openConversationId: string | null;
  readonly conversations: Readonly<Record<string, ConversationState>>;
  readonly outbox: readonly OutboxEntry[];
  /** @default [] */
  readonly approvals?: readonly PendingApproval[];
}

/**
 * The record to persist for a client state: the open conversation, every followed stream with
 * its partial text and the question it answers, and the outbox. History is left out, so the record stays as small as the
 * active streams however long the conversations grow.
 *
 * Pure and cheap (one pass over the conversations, no serialization), as the client calls it on
 * every snapshot change; the persister throttles the writes.
 */
export function recordFromState(state: PersistableState): PersistedRecord {
  const streams: PersistedStream[] = [];
  for (const conversation of Object.values(state.conversations)) {
    if (conversation.stream !== null) {
      streams.push(streamOf(conversation, conversation.stream.messageId, state.now));
    }
  }
  return {
    format: PERSISTED_RECORD_FORMAT,
    v: PERSISTED_RECORD_VERSION,
    namespace: state.namespace,
    savedAt: state.now,
    // A refused conversation is not reopened from storage: the restored open conversation counts
    // as one this client started (see stateFromRecord), and a refused one must be asked again.
    openConversationId:
      state.openConversationId !== null && state.conversations[state.openConversationId]?.status === 'unavailable'
        ? null
        : state.openConversationId,
    streams,
    outbox: state.outbox.map(encodeOutboxEntry),
    approvals: state.approvals ?? [],
  };
}

/**
 * Cursor and text come from the same message, never from `stream.lastSeq` beside some text:
 * a resume replays every chunk after `lastSeq` onto `text`, so the two must describe the same
 * point or tokens are lost or doubled.
 */
function streamOf(conversation: ConversationState, messageId: string, now: number): PersistedStream {
  const { messages } = conversation;
  // The streaming message is nearly always the last one or close to it.
  let position = messages.length - 1;
  while (position >= 0 && messages[position]!.id !== messageId) position -= 1;
  const message = messages[position];
  const lastSeq = message?.seq ?? 0;
  const stream: PersistedStream = {
    conversationId: conversation.conversationId,
    messageId,
    lastSeq,
    // Without a seq the text's extent is unknown, so resume from the start with nothing held.
    text: lastSeq === 0 || message === undefined ? '' : message.text,
    // A stream announced before its message arrived: `now` is closer to the truth than the epoch.
    createdAt: message?.createdAt ?? now,
  };
  const question = questionOf(messages[position - 1]);
  const withQuestion = question === undefined ? stream : { ...stream, question };
  // Text alone needs no parts: the record stays what version 2 wrote for a plain reply. A reply
  // still without text keeps its parts all the same (its reasoning, say): its cursor counts them.
  return lastSeq === 0 || message === undefined || isTextOnly(message) ? withQuestion : { ...withQuestion, parts: message.parts };
}

/**
 * The message right before a reply is the question it answers when it is an acknowledged user
 * message (it has a place in the server's history). A pending one is in the outbox already.
 */
function questionOf(message: ChatMessage | undefined): PersistedQuestion | undefined {
  if (message === undefined || message.role !== 'user' || message.index === undefined || message.status === 'pending') return undefined;
  return { messageId: message.id, text: message.text, createdAt: message.createdAt, index: message.index };
}

/** Whether the parts are what the text alone gives (one text part, or none for no text). */
function isTextOnly(message: ChatMessage): boolean {
  const { parts } = message;
  return parts.length === 0 || (parts.length === 1 && parts[0]!.type === 'text');
}
