import { memo, useCallback } from 'react';
import { useMessageIds } from '@rejoin/react';
import { MessageList } from '@rejoin/ui/react';
import { MessageRow } from './MessageRow.tsx';

export interface ConversationMessagesProps {
  readonly conversationId: string;
  readonly loading: boolean;
  /** Stable (from `useConversation`), so binding it keeps the rows memoized. */
  readonly onApproveToolCall: (messageId: string, toolCallId: string) => void;
  readonly onDenyToolCall: (messageId: string, toolCallId: string) => void;
}

const EMPTY = (
  <p className="demo-empty">
    <strong>Ask anything.</strong>
    <br />
    The reply streams in token by token. Refresh the page or go offline mid-reply: it picks up where it left off.
  </p>
);

/** The message list: re-renders when a message is added, never for a chunk (the rows take those). */
export const ConversationMessages = memo(function ConversationMessages({
  conversationId,
  loading,
  onApproveToolCall,
  onDenyToolCall,
}: ConversationMessagesProps) {
  const messageIds = useMessageIds(conversationId);
  const renderMessage = useCallback(
    (messageId: string) => (
      <MessageRow
        conversationId={conversationId}
        messageId={messageId}
        onApproveToolCall={onApproveToolCall}
        onDenyToolCall={onDenyToolCall}
      />
    ),
    [conversationId, onApproveToolCall, onDenyToolCall],
  );
  return <MessageList messageIds={messageIds} renderMessage={renderMessage} loading={loading} empty={EMPTY} />;
});
