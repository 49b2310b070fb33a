import { useCallback, useEffect, useMemo } from 'react';
import {
  selectConversationStatus,
  selectIsPending,
  selectIsProcessing,
  selectMessages,
  selectOpenConversationId,
  shallowEqual,
  type ChatMessage,
  type ConversationViewStatus,
} from '@rejoin/core';
import { useChatClient } from './ChatProvider.tsx';
import { useChatSelector } from './useChatSelector.ts';

export interface UseConversationResult {
  /** In display order. A new array when any message changes: for long lists render `useMessageIds` + `useMessage` rows. */
  readonly messages: readonly ChatMessage[];
  readonly status: ConversationViewStatus;
  /** A reply is streaming, or is awaited from the server for a message that went out (also across a reconnect). */
  readonly isProcessing: boolean;
  /** A message waits in the outbox for a connection: it has not left the browser, so nothing works on it yet. */
  readonly isPending: boolean;
  /** Sends a user message into this conversation (queued while offline). Returns its id. */
  send(text: string): string;
  /** Ends the reply being generated in this conversation; cancels the sends still in the outbox. */
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
 * Shows one conversation: its messages, status and commands. Opening is a command, so it happens
 * in an effect, never in render: after mount and whenever `conversationId` changes, the client
 * opens it unless it is open already (so StrictMode's second effect sends nothing).
 */
export function useConversation(conversationId: string): UseConversationResult {
  const client = useChatClient();
  const view = useChatSelector(
    (snapshot) => ({
      messages: selectMessages(snapshot, conversationId),
      status: selectConversationStatus(snapshot, conversationId),
      isProcessing: selectIsProcessing(snapshot, conversationId),
      isPending: selectIsPending(snapshot, conversationId),
    }),
    shallowEqual,
  );
  useEffect(() => {
    if (selectOpenConversationId(client.getSnapshot()) !== conversationId) client.open(conversationId);
  }, [client, conversationId]);
  const send = useCallback((text: string) => client.send(text, { conversationId }), [client, conversationId]);
  const stop = useCallback(() => client.stop(conversationId), [client, conversationId]);
  const approveToolCall = useCallback(
    (messageId: string, toolCallId: string, reason?: string) => client.approveTool({ conversationId, messageId, toolCallId }, reason),
    [client, conversationId],
  );
  const denyToolCall = useCallback(
    (messageId: string, toolCallId: string, reason?: string) => client.denyTool({ conversationId, messageId, toolCallId }, reason),
    [client, conversationId],
  );
  return useMemo(
    () => ({ ...view, send, stop, approveToolCall, denyToolCall }),
    [view, send, stop, approveToolCall, denyToolCall],
  );
}
