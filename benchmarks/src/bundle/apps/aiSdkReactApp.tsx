// The same minimal chat on the Vercel AI SDK: `ai` + `@ai-sdk/react`'s useChat.
import { useChat } from '@ai-sdk/react';
import { createRoot } from 'react-dom/client';

function Chat() {
  const { messages, sendMessage, status } = useChat();
  return (
    <main>
      <header>{status}</header>
      {messages.map((message) => (
        <p key={message.id}>{message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')}</p>
      ))}
      <button disabled={status === 'streaming'} onClick={() => void sendMessage({ text: 'Hello!' })}>
        Send
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Chat />);
