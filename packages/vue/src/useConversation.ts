import { computed, toValue, watchPostEffect, type MaybeRefOrGetter, type Ref } from 'vue';
import {
  selectConversationStatus,
  selectIsPending,
  selectIsProcessing,
  selectMessages,
  selectOpenConversationId,
  type ChatClient,
  type ChatMessage,
  type ConversationViewStatus,
} from '@rejoin/core';
import { useChatClient } from './chatClientInjection.ts';
import { useChatSnapshot } from './useChatSnapshot.ts';

export interface UseConversationReturn {
  /** In display order. A new array when any message changes: for long lists render `useMessageIds` + `useMessage` rows. */
  readonly messages: Readonly<Ref<readonly ChatMessage[]>>;
  readonly status: Readonly<Ref<ConversationViewStatus>>;
  /** A reply is streaming, or is awaited from the server for a message that went out (also across a reconnect). */
  readonly isProcessing: Readonly<Ref<boolean>>;
  /** A message waits in the outbox for a connection: it has not left the browser, so nothing works on it yet. */
  readonly isPending: Readonly<Ref<boolean>>;
  /** Sends a user message into the conversation shown now (queued while offline). Returns its id. */
  send(text: string): string;
  /** Ends the reply being generated in the conversation shown now; cancels the sends still in the outbox. */
  stop(): void;
  /**
   * Approves a tool call awaiting approval (protocol v2): shown at once, queued while offline,
   * delivered once. Throws `usage/unsupported` against a v1 server.
   */
  approveToolCall(messageId: string, toolCallId: string, reason?: string): void;
  /** Denies a tool call awaiting approval; the model is told and goes on. */
  denyToolCall(messageId: string, toolCallId: string, reason?: string): void;
}

/**
 * Shows one conversation, given as a value, a ref or a getter: when it changes, the refs follow the
 * new conversation. Opening is a command, so it runs as a post-flush effect (after mount, and after
 * each id change; never on the server) and only when the conversation is not open already.
 *
 * @param client @default the one provided by `provideChatClient`
 */
export function useConversation(conversationId: MaybeRefOrGetter<string>, client?: ChatClient): UseConversationReturn {
  const chat = useChatClient(client);
  const snapshot = useChatSnapshot(chat);
  watchPostEffect(() => {
    const id = toValue(conversationId);
    if (selectOpenConversationId(chat.getSnapshot()) !== id) chat.open(id);
  });
  return {
    messages: computed(() => selectMessages(snapshot.value, toValue(conversationId))),
    status: computed(() => selectConversationStatus(snapshot.value, toValue(conversationId))),
    isProcessing: computed(() => selectIsProcessing(snapshot.value, toValue(conversationId))),
    isPending: computed(() => selectIsPending(snapshot.value, toValue(conversationId))),
    send: (text) => chat.send(text, { conversationId: toValue(conversationId) }),
    stop: () => chat.stop(toValue(conversationId)),
    approveToolCall: (messageId, toolCallId, reason) =>
      chat.approveTool({ conversationId: toValue(conversationId), messageId, toolCallId }, reason),
    denyToolCall: (messageId, toolCallId, reason) =>
      chat.denyTool({ conversationId: toValue(conversationId), messageId, toolCallId }, reason),
  };
}
