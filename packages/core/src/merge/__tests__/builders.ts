// Terse builders for the example-based tests: a frame or a message in one line.
import { partsOfText } from '../messageParts.ts';
import type { ConversationState, OutboxEntry, StreamState } from '../../model/conversation.ts';
import type { ChatMessage, FinishReason, HistoryMessage } from '../../model/message.ts';
import type {
  AckFrame,
  ChunkFrame,
  ConversationFrame,
  MessageEndFrame,
  MessageStartFrame,
} from '../../protocol/frames.ts';

export const CONVERSATION_ID = 'c1';

export function conversation(
  messages: readonly ChatMessage[],
  options: { stream?: StreamState | null; status?: ConversationState['status']; loaded?: boolean } = {},
): ConversationState {
  const stream = options.stream ?? null;
  return {
    conversationId: CONVERSATION_ID,
    messages,
    stream,
    status: options.status ?? (stream === null ? 'idle' : 'streaming'),
    loaded: options.loaded ?? true,
  };
}

export function userMessage(id: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id, role: 'user', text, parts: partsOfText(text), status: 'complete', createdAt: 1000, ...extra };
}

export function assistantMessage(id: string, text: string, seq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id, role: 'assistant', text, parts: partsOfText(text), status: 'streaming', createdAt: 2000, seq, ...extra };
}

export function following(messageId: string, lastSeq: number, awaitingReplay = false): StreamState {
  return { messageId, lastSeq, awaitingReplay };
}

export function chunk(messageId: string, seq: number, text: string): ChunkFrame {
  return { type: 'chunk', conversationId: CONVERSATION_ID, messageId, seq, text };
}

export function messageStart(messageId: string, index: number, createdAt = 2000): MessageStartFrame {
  return { type: 'message_start', conversationId: CONVERSATION_ID, messageId, replyTo: 'u?', index, createdAt };
}

export function messageEnd(messageId: string, lastSeq: number, finishReason: FinishReason = 'complete'): MessageEndFrame {
  return { type: 'message_end', conversationId: CONVERSATION_ID, messageId, finishReason, lastSeq };
}

export function ack(messageId: string, index: number, createdAt = 5000): AckFrame {
  return { type: 'ack', conversationId: CONVERSATION_ID, messageId, index, createdAt, duplicate: false };
}

export function outboxEntry(messageId: string, text: string, createdAt = 4000): OutboxEntry {
  return { conversationId: CONVERSATION_ID, messageId, text, createdAt };
}

export function historyFrame(
  messages: readonly HistoryMessage[],
  activeStream: ConversationFrame['activeStream'] = null,
  status: ConversationFrame['status'] = activeStream === null ? 'idle' : 'streaming',
): ConversationFrame {
  return { type: 'conversation', conversationId: CONVERSATION_ID, status, messages, activeStream };
}

export function historyUser(id: string, text: string): HistoryMessage {
  return { id, role: 'user', text, status: 'complete', createdAt: 1000 };
}

export function historyAssistant(
  id: string,
  text: string,
  seq: number,
  status: HistoryMessage['status'] = 'complete',
): HistoryMessage {
  return { id, role: 'assistant', text, status, createdAt: 2000, seq };
}
