import { useConversation } from '@rejoin/react';
import { ConversationUnavailable } from '@rejoin/ui/react';
import { ChatFooter } from './ChatFooter.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { ConversationMessages } from './ConversationMessages.tsx';
import { StorageProblem } from './StorageProblem.tsx';

export interface ChatPaneProps {
  readonly conversationId: string;
  /** The way back from a conversation the server will not load. */
  readonly onStartNew: () => void;
}

/**
 * One conversation on screen. `useConversation` opens it and gives its status and commands; the
 * parts below are memoized and bound to their own slices, so a chunk re-renders this small
 * component and the streaming row, not the list or the composer.
 */
export function ChatPane({ conversationId, onStartNew }: ChatPaneProps) {
  const { status, isProcessing, isPending, send, stop, approveToolCall, denyToolCall } = useConversation(conversationId);
  const unavailable = status === 'unavailable';
  return (
    <main className="demo-main">
      <div className="demo-banner">
        <ConnectionStatus />
        <StorageProblem />
      </div>
      {unavailable ? (
        <ConversationUnavailable onBack={onStartNew} />
      ) : (
        <ConversationMessages
          conversationId={conversationId}
          loading={status === 'loading'}
          onApproveToolCall={approveToolCall}
          onDenyToolCall={denyToolCall}
        />
      )}
      <ChatFooter processing={isProcessing} pending={isPending} disabled={unavailable} onSend={send} onStop={stop} />
    </main>
  );
}
