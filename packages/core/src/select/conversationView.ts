import type { ChatSnapshot } from '../machine/chatMachine.ts';
import type { ChatMessage } from '../model/message.ts';
import type { ConversationState } from '../model/conversation.ts';

/** What a conversation screen shows. */
export type ConversationViewStatus = 'loading' | 'idle' | 'streaming' | 'errored' | 'unavailable';

const EMPTY: readonly ChatMessage[] = Object.freeze([]);

/** The conversation's state, stable by reference until it changes. */
export function selectConversation(snapshot: ChatSnapshot, conversationId: string): ConversationState | undefined {
  return snapshot.context.conversations[conversationId];
}

/** Its messages in display order, stable by reference until one of them changes. */
export function selectMessages(snapshot: ChatSnapshot, conversationId: string): readonly ChatMessage[] {
  return snapshot.context.conversations[conversationId]?.messages ?? EMPTY;
}

/** One message, stable by reference until that message changes: bind a row to this. */
export function selectMessage(snapshot: ChatSnapshot, conversationId: string, messageId: string): ChatMessage | undefined {
  const messages = snapshot.context.conversations[conversationId]?.messages;
  if (messages === undefined) return undefined;
  // Every row selects its message on every snapshot: index each list once (a chunk makes a new
  // list, so once per snapshot), rather than a `.find` per row, whose cost is rows × rows.
  let byId = messageIndex.get(messages);
  if (!byId) {
    byId = new Map();
    for (const message of messages) byId.set(message.id, message);
    messageIndex.set(messages, byId);
  }
  return byId.get(messageId);
}
const messageIndex = new WeakMap<readonly ChatMessage[], Map<string, ChatMessage>>();

/** The ids of the messages, for a list that renders one row per id (rows select their own message). */
export function selectMessageIds(snapshot: ChatSnapshot, conversationId: string): readonly string[] {
  const messages = selectMessages(snapshot, conversationId);
  let ids = idsCache.get(messages);
  if (!ids) idsCache.set(messages, (ids = messages.map((message) => message.id)));
  return ids;
}
const idsCache = new WeakMap<readonly ChatMessage[], readonly string[]>();

export function selectConversationStatus(snapshot: ChatSnapshot, conversationId: string): ConversationViewStatus {
  const conversation = snapshot.context.conversations[conversationId];
  // Refused or unknown: the server answers both alike (`not_found`, older servers `forbidden`).
  if (conversation?.status === 'unavailable') return 'unavailable';
  if (conversation?.stream) return 'streaming';
  if (snapshot.context.pendingLoad === conversationId || conversation === undefined || !conversation.loaded) {
    // A conversation that exists only locally (a new chat, or typed offline) has nothing to load.
    if (conversation && conversation.messages.length > 0 && !snapshot.matches('connected')) return 'idle';
    return snapshot.matches('connected') || snapshot.matches('connecting') ? 'loading' : 'idle';
  }
  return conversation.status === 'errored' ? 'errored' : 'idle';
}

/**
 * "The assistant is working on it": a reply is streaming, or it is awaited from the server (a
 * message went out and its reply has not started yet). Stays true across a reconnect (the server
 * keeps generating); turns false when the reply ends, is stopped, or is lost. A message still in
 * the outbox while there is no connection is not processing but pending (`selectIsPending`):
 * nothing can be working on what has not left the browser.
 */
export function selectIsProcessing(snapshot: ChatSnapshot, conversationId: string): boolean {
  const { context } = snapshot;
  const conversation = context.conversations[conversationId];
  if (conversation?.stream) return true;
  if (snapshot.hasTag('sending') && hasQueued(snapshot, conversationId)) return true;
  const last = conversation?.messages[conversation.messages.length - 1];
  return last?.role === 'user' && last.status === 'complete' && context.activeStreams[conversationId] !== undefined;
}

/**
 * "Waiting for connection, will send when back online": a message of this conversation waits in
 * the outbox and has not left the browser, because the client is not in a state that sends (it is
 * offline, reconnecting, or still in the handshake, whose answer sends the outbox).
 */
export function selectIsPending(snapshot: ChatSnapshot, conversationId: string): boolean {
  return !snapshot.hasTag('sending') && hasQueued(snapshot, conversationId);
}

function hasQueued(snapshot: ChatSnapshot, conversationId: string): boolean {
  return snapshot.context.outbox.some((entry) => entry.conversationId === conversationId);
}
