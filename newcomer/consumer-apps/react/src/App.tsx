// The README's React example, with the page's own server, a token the reference server accepts,
// and the kit's Message for each row.
import { createChatClient } from '@rejoin/core';
import { ChatProvider } from '@rejoin/react';
import '@rejoin/ui/styles.css';
import { Chat } from './Chat.tsx';

const client = createChatClient({
  url: `ws://${location.host}/ws`,
  namespace: 'consumer',
  token: crypto.randomUUID(),
});

export const App = () => <ChatProvider client={client}><Chat id="welcome" /></ChatProvider>;
