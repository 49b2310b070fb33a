// The README's React example, with the page's own server, a token the reference server accepts,
// and the kit's Message for each row.
import { createChatClient } from '@rejoin/core';
import { ChatProvider, useConnection, useConversation } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';
import '@rejoin/ui/styles.css';

const client = createChatClient({
  url: `ws://${location.host}/ws`,
  namespace: 'consumer',
  token: crypto.randomUUID(),
});

function Chat({ id }: { id: string }) {
  const { messages, isProcessing, send, stop } = useConversation(id);
  const { state, queued, retry } = useConnection();
  return (
    <form data-processing={isProcessing} onSubmit={(e) => { e.preventDefault(); send(e.currentTarget.text.value); e.currentTarget.reset(); }}>
      {state !== 'connected' && <button type="button" onClick={retry}>{state}, {queued} queued: retry now</button>}
      {messages.map((m) => <Message key={m.id} message={m} />)}
      <input name="text" /> {isProcessing ? <button type="button" onClick={stop}>Stop</button> : <button>Send</button>}
    </form>
  );
}

export const App = () => <ChatProvider client={client}><Chat id="welcome" /></ChatProvider>;
