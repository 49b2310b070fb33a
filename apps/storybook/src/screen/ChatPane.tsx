import { useCallback } from 'react';
import { selectStorageError } from '@rejoin/core';
import { useChatSelector, useConversation, useMessageIds } from '@rejoin/react';
import { Composer, ConversationUnavailable, MessageList, ProcessingIndicator, StopButton, StorageNotice } from '@rejoin/ui/react';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { MessageRow } from './MessageRow.tsx';

export interface ChatPaneProps {
  readonly conversationId: string;
  readonly browserOnline: boolean;
  readonly wallTimeOffset: number;
  /** The way back from a conversation the server will not load. */
  readonly onStartNew: () => void;
}

/** One conversation on screen, composed from the kit and the React hooks as an app (the demo) would. */
export function ChatPane({ conversationId, browserOnline, wallTimeOffset, onStartNew }: ChatPaneProps) {
  const { status, isProcessing, isPending, send, stop } = useConversation(conversationId);
  const messageIds = useMessageIds(conversationId);
  const storageError = useChatSelector(selectStorageError);
  const renderMessage = useCallback(
    (messageId: string) => <MessageRow conversationId={conversationId} messageId={messageId} />,
    [conversationId],
  );
  const unavailable = status === 'unavailable';
  return (
    <main className="story-main">
      <div className="story-notices">
        <ConnectionStatus browserOnline={browserOnline} wallTimeOffset={wallTimeOffset} />
        <StorageNotice error={storageError} />
      </div>
      {unavailable ? (
        <ConversationUnavailable onBack={onStartNew} />
      ) : (
        <MessageList messageIds={messageIds} renderMessage={renderMessage} loading={status === 'loading'} />
      )}
      <footer className="story-footer">
        <ProcessingIndicator processing={isProcessing} pending={isPending} />
        <Composer onSend={send} disabled={unavailable} actions={<StopButton processing={isProcessing || isPending} onStop={stop} />} />
      </footer>
    </main>
  );
}
