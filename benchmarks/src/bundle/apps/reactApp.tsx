// A minimal React chat on @rejoin/react: one row per message, only the streaming row re-renders.
import { createChatClient } from '@rejoin/core';
import { ChatProvider, useConnection, useConversation, useMessage, useMessageIds } from '@rejoin/react';
import { createRoot } from 'react-dom/client';

const client = createChatClient({ url: 'wss://chat.example.com/ws', namespace: 'user-1' });
const conversationId = 'welcome';

function Row({ id }: { readonly id: string }) {
  const message = useMessage(conversationId, id);
  return <p>{message?.text}</p>;
}

function Chat() {
  const ids = useMessageIds(conversationId);
  const { send, isProcessing } = useConversation(conversationId);
  const connection = useConnection();
  return (
    <main>
      <header>{connection.state}</header>
      {ids.map((id) => (
        <Row key={id} id={id} />
      ))}
      <button disabled={isProcessing} onClick={() => send('Hello!')}>
        Send
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <ChatProvider client={client}>
    <Chat />
  </ChatProvider>,
);
