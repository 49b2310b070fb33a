// The README's React example: one conversation, its messages, Send or Stop, and a way to retry.
import { useConnection, useConversation } from '@rejoin/react';
import { Message } from '@rejoin/ui/react';

export function Chat({ id }: { id: string }) {
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
