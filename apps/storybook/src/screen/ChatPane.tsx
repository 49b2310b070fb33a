import { useCallback } from 'react';
import { shallowEqualItems } from '@rejoin/core';
import { useChatSelector, useConversation, useMessageIds } from '@rejoin/react';
import { Composer, MessageList, ProcessingIndicator, StopButton } from '@rejoin/ui/react';
import { selectQueuedMessages } from '../scenarios/kitProps.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { MessageRow } from './MessageRow.tsx';
import { StorageNotice } from './StorageNotice.tsx';

export interface ChatPaneProps {
  readonly conversationId: string;
  readonly browserOnline: boolean;
  readonly wallTimeOffset: number;
}

/** One conversation on screen, composed from the kit and the React hooks as an app would. */
export function ChatPane({ conversationId, browserOnline, wallTimeOffset }: ChatPaneProps) {
  const { status, isProcessing, send, stop } = useConversation(conversationId);
  const messageIds = useMessageIds(conversationId);
  const pending = useChatSelector((snapshot) => selectQueuedMessages(snapshot, conversationId), shallowEqualItems);
  const renderMessage = useCallback(
    (messageId: string) => <MessageRow conversationId={conversationId} messageId={messageId} />,
    [conversationId],
  );
  return (
    <main className="story-main">
      <div className="story-notices">
        <ConnectionStatus browserOnline={browserOnline} wallTimeOffset={wallTimeOffset} />
        <StorageNotice />
      </div>
      <MessageList messageIds={messageIds} renderMessage={renderMessage} loading={status === 'loading'} />
      <footer className="story-footer">
        <ProcessingIndicator processing={isProcessing} />
        <Composer onSend={send} pending={pending} actions={<StopButton processing={isProcessing} onStop={stop} />} />
      </footer>
    </main>
  );
}
