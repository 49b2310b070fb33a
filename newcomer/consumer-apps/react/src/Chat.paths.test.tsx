// docs/testing-your-app.md, for an app with its own markup: generated reconnection paths, played
// against the Chat component with vitest. The controls say how a person reads and uses this UI.
import { generateChatPaths, readKitChat, runChatPath } from '@rejoin/core/testing';
import { ChatProvider } from '@rejoin/react';
import { reactChatApp } from '@rejoin/react/testing';
import { it } from 'vitest';
import { Chat } from './Chat.tsx';

const app = reactChatApp((client) => <ChatProvider client={client}><Chat id="welcome" /></ChatProvider>, {
  controls: (root) => ({
    // Messages are the kit's; the form says whether it is processing; no pending or connection indicator.
    read: () => ({ ...readKitChat(root), processing: root.querySelector('form')?.dataset['processing'] === 'true', pending: undefined, connection: undefined }),
    type: (text) => void (root.querySelector<HTMLInputElement>('input[name="text"]')!.value = text),
    // Enter in the field: this UI offers Send only while nothing is processing.
    send: () => void root.querySelector('form')!.requestSubmit(),
    stop: () => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Stop')?.click(),
    retry: () => [...root.querySelectorAll('button')].find((b) => b.textContent?.endsWith('retry now'))?.click(),
    show: () => {},
  }),
});

// One conversation, no list: every step but switching conversations.
const steps = ['send', 'stop', 'time passes', 'drop (clean)', 'drop (half-open)', 'server restart (stream lost)', 'offline', 'online', 'server down past retry limit', 'server up', 'retry', 'refresh'];
for (const path of await generateChatPaths({ depth: 2, count: 30, steps })) it(String(path), () => runChatPath(path, app));
