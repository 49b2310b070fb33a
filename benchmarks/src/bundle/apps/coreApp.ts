// A minimal app on @rejoin/core alone: connect, follow a conversation, render its text, send.
import { createChatClient, selectMessages } from '@rejoin/core';

const client = createChatClient({ url: 'wss://chat.example.com/ws', namespace: 'user-1' });
const conversationId = client.newConversation();
const output = document.querySelector('#chat')!;
client.subscribe(() => {
  output.textContent = selectMessages(client.getSnapshot(), conversationId)
    .map((message) => `${message.role}: ${message.text}`)
    .join('\n');
});
document.querySelector('form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  client.send('Hello!');
});
