import { useConversation } from '@rejoin/react';
import { ChatFooter } from './ChatFooter.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { ConversationMessages } from './ConversationMessages.tsx';

export interface ChatPaneProps {
  readonly conversationId: string;
}

/**
 * One conversation on screen. `useConversation` opens it and gives its status and commands; the
 * parts below are memoized and bound to their own slices, so a chunk re-renders this small
 * component and the streaming row, not the list or the composer.
 */
export function ChatPane({ conversationId }: ChatPaneProps) {
  const { status, isProcessing, send, stop } = useConversation(conversationId);
  return (
    <main className="demo-main">
      <div className="demo-banner">
        <ConnectionStatus />
      </div>
      <ConversationMessages conversationId={conversationId} loading={status === 'loading'} />
      <ChatFooter conversationId={conversationId} processing={isProcessing} onSend={send} onStop={stop} />
    </main>
  );
}
