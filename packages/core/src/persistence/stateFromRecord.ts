import { emptyConversation, type ConversationState, type OutboxEntry, type PendingApproval } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import type { PersistedRecord } from './PersistedRecord.ts';
import { appendTextToParts, partsOfText, textOfParts } from '../merge/messageParts.ts';
import type { MessagePart } from '../model/parts.ts';
import { encodeOutboxEntry } from './createSegmentedWriter.ts';
import { pendingMessage } from '../merge/userMessages.ts';

/** The client state a restored record rebuilds. */
export interface RestoredState {
  openConversationId: string | null;
  conversations: Record<string, ConversationState>;
  outbox: OutboxEntry[];
  approvals: PendingApproval[];
}

/**
 * Rebuilds client state from a decoded record, before any server contact:
 *
 * - each stream becomes a conversation (`status: 'streaming'`, `loaded: false`) holding one
 *   streaming assistant message with the partial text and seq, after the question it answers when
 *   one was recorded, and the stream cursor, so the client shows both at once and resumes after
 *   `lastSeq` (the history load then puts them in their places);
 * - each outbox entry becomes a `pending` user message in its conversation, AFTER the stream's
 *   message and in the order typed: the stream's message already has a place in the server's
 *   history and pending ones do not yet, which is the order `ConversationState.messages` keeps;
 * - the open conversation gets an empty, unloaded, `idle` conversation when nothing else created
 *   one, so the client can look it up and load it (and a `not_found` for it means "not sent yet").
 *
 * Pure; `recordFromState(stateFromRecord(r))` gives back `r` (but `savedAt`).
 */
export function stateFromRecord(record: PersistedRecord): RestoredState {
  // A Map, then Object.fromEntries: ids come from storage, and an id such as `__proto__` must
  // become an ordinary key rather than reach an object's prototype through assignment.
  const conversations = new Map<string, ConversationState>();

  for (const stream of record.streams) {
    const message: ChatMessage = {
      id: stream.messageId,
      role: 'assistant',
      text: stream.text,
      parts: restoredParts(stream),
      status: 'streaming',
      createdAt: stream.createdAt,
      seq: stream.lastSeq,
    };
    const { question } = stream;
    conversations.set(stream.conversationId, {
      conversationId: stream.conversationId,
      messages:
        question === undefined
          ? [message]
          : [
              {
                id: question.messageId,
                role: 'user',
                text: question.text,
                parts: partsOfText(question.text),
                status: 'complete',
                createdAt: question.createdAt,
                index: question.index,
              },
              message,
            ],
      status: 'streaming',
      loaded: false,
      stream: { messageId: stream.messageId, lastSeq: stream.lastSeq, awaitingReplay: false },
    });
  }

  for (const entry of record.outbox) {
    const conversation = conversations.get(entry.conversationId) ?? emptyConversation(entry.conversationId);
    const pending = pendingMessage(entry);
    conversations.set(entry.conversationId, { ...conversation, messages: [...conversation.messages, pending] });
  }

  const open = record.openConversationId;
  // This client had it open and the server never refused it (recordFromState drops a refused one):
  // a new chat not sent yet stays a new chat after a reload, not an unavailable one.
  if (open !== null && !conversations.has(open)) conversations.set(open, { ...emptyConversation(open), status: 'idle' });

  return {
    openConversationId: open,
    conversations: Object.fromEntries(conversations),
    outbox: record.outbox.map(encodeOutboxEntry),
    approvals: [...record.approvals],
  };
}

/**
 * The base's parts, extended by the text its segments appended (the text beyond the parts' own),
 * so parts and text describe the same seq.
 */
function restoredParts(stream: PersistedRecord['streams'][number]): readonly MessagePart[] {
  if (stream.parts === undefined) return partsOfText(stream.text);
  return appendTextToParts(stream.parts, stream.text.slice(textOfParts(stream.parts).length));
}
