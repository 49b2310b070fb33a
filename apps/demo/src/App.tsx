import { useCallback } from 'react';
import { useChatClient } from '@rejoin/react';
import { ChatPane } from './ChatPane.tsx';
import { Sidebar } from './Sidebar.tsx';
import { useShownConversation } from './useShownConversation.ts';

export interface AppProps {
  readonly initialConversationId: string;
  readonly onSignOut: () => void;
}

/** The demo chat: conversations on the left, the open one on the right. */
export function App({ initialConversationId, onSignOut }: AppProps) {
  const client = useChatClient();
  const [conversationId, show] = useShownConversation(initialConversationId);
  const startNew = useCallback(() => show(client.newConversation()), [client, show]);
  return (
    <div className="demo">
      <Sidebar activeId={conversationId} onSelect={show} onNew={startNew} onSignOut={onSignOut} />
      {/* Keyed: a switch starts the pane fresh (empty draft, scrolled to the end). */}
      <ChatPane key={conversationId} conversationId={conversationId} onStartNew={startNew} />
    </div>
  );
}
