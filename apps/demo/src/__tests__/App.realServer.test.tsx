import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createChatClient, type ChatClient, type WebSocketConstructor } from '@rejoin/core';
import { ChatProvider } from '@rejoin/react';
import { createRejoinServer, type RejoinServer, type Respond } from '@rejoin/server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { App } from '../App.tsx';

let server: RejoinServer | undefined;
let client: ChatClient | undefined;

afterEach(async () => {
  cleanup();
  client?.dispose();
  await server?.close();
});

function reply(): HTMLElement {
  const message = screen.getAllByTestId('message')[1];
  if (message === undefined) throw new Error('no reply yet');
  return message;
}

/** Waits as long as an awaited event may take on a loaded machine: only a hang fails it. */
const patiently = { timeout: 15_000 };

describe('the demo app against the reference server', () => {
  it('streams a reply over a real socket, then stops it', async () => {
    // A model that streams when the test says so and then until stopped: the stop always finds it
    // mid-reply, however slow the machine (a simulated reply could end before the click).
    let goOn = (): void => {};
    const wentOn = new Promise<void>((resolve) => (goOn = resolve));
    const respond: Respond = async function* untilStopped({ signal }) {
      yield 'Streaming';
      await wentOn;
      yield ' over a real socket';
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    };
    server = createRejoinServer({ host: '127.0.0.1', port: 0, respond });
    const { url } = await server.listen();
    // Node has no WebSocket of its own before 22: the demo's browser one is swapped for `ws`.
    client = createChatClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, namespace: 'real', token: 'a'.repeat(32), storage: null });
    const conversationId = client.newConversation();
    render(
      <ChatProvider client={client}>
        <App initialConversationId={conversationId} onSignOut={() => {}} />
      </ChatProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('connection-banner').dataset['state']).toBe('online'), patiently);

    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'Hello, real server' } });
    fireEvent.click(screen.getByTestId('composer-send'));
    await waitFor(() => expect(reply().textContent).toContain('Streaming'), patiently);
    expect(screen.queryByTestId('streaming-caret')).not.toBeNull();
    expect(screen.getByTestId('conversation-item').dataset['streaming']).toBe('true');
    const before = reply().textContent?.length ?? 0;
    goOn();
    await waitFor(() => expect(reply().textContent?.length ?? 0).toBeGreaterThan(before), patiently);

    fireEvent.click(screen.getByTestId('stop-button'));
    await waitFor(() => expect(reply().dataset['status']).toBe('stopped'), patiently);
    expect(screen.queryByTestId('streaming-caret')).toBeNull();
  });
});
