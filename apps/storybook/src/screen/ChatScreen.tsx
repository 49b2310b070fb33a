import { useState, type ReactNode } from 'react';
import type { ChatClient } from '@rejoin/core';
import { ChatProvider, useChatClient, useConversationList } from '@rejoin/react';
import { ConversationList } from '@rejoin/ui/react';
import { ChatPane } from './ChatPane.tsx';

export interface ChatScreenProps {
  readonly client: ChatClient;
  /** The conversation shown first (the client's open one). */
  readonly conversationId: string;
  readonly browserOnline: boolean;
  readonly wallTimeOffset: number;
  /** The bar above the chat (state readout, playground controls); rendered inside the provider. */
  readonly bar: ReactNode;
}

function Sidebar({ activeId, onSelect }: { readonly activeId: string; readonly onSelect: (conversationId: string) => void }) {
  const client = useChatClient();
  const items = useConversationList();
  return (
    <aside className="story-sidebar">
      <ConversationList items={items} activeId={activeId} onSelect={onSelect} onNew={() => onSelect(client.newConversation())} />
    </aside>
  );
}

/** A whole chat (conversations, banner, messages, composer) around one client, like the demo app. */
export function ChatScreen({ client, conversationId, browserOnline, wallTimeOffset, bar }: ChatScreenProps) {
  const [shown, setShown] = useState(conversationId);
  const startNew = () => setShown(client.newConversation());
  return (
    <ChatProvider client={client}>
      <div className="story-screen">
        {bar}
        <div className="story-chat">
          <Sidebar activeId={shown} onSelect={setShown} />
          {/* Keyed: a switch starts the pane fresh (empty draft, scrolled to the end). */}
          <ChatPane key={shown} conversationId={shown} browserOnline={browserOnline} wallTimeOffset={wallTimeOffset} onStartNew={startNew} />
        </div>
      </div>
    </ChatProvider>
  );
}
