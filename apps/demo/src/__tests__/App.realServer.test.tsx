import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createChatClient, type ChatClient, type WebSocketConstructor } from '@rejoin/core';
import { ChatProvider } from '@rejoin/react';
import { createRejoinServer, createSimulatedModel, type RejoinServer, type Respond } from '@rejoin/server';
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

  it('shows the research reply with every part kind, and Approve continues the same message to the end', async () => {
    // The reference server's own simulated model, as `npm start` runs it, at full speed.
    server = createRejoinServer({ host: '127.0.0.1', port: 0, respond: createSimulatedModel({ tokensPerSecond: Infinity }) });
    const { url } = await server.listen();
    client = createChatClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, namespace: 'real', token: 'a'.repeat(32), storage: null });
    const conversationId = client.newConversation();
    render(
      <ChatProvider client={client}>
        <App initialConversationId={conversationId} onSignOut={() => {}} />
      </ChatProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('connection-banner').dataset['state']).toBe('online'), patiently);

    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'research tide pools' } });
    fireEvent.click(screen.getByTestId('composer-send'));
    // The reply pauses at the approval, with the prompt on the save_notes card.
    const approve = await screen.findByRole('button', { name: 'Approve save_notes' }, patiently);
    const replyId = reply().dataset['messageId'];
    expect(reply().dataset['status']).toBe('streaming');
    fireEvent.click(approve);

    await waitFor(() => expect(reply().dataset['status']).toBe('complete'), patiently);
    expect(reply().dataset['messageId']).toBe(replyId);
    const parts = Array.from(reply().querySelectorAll<HTMLElement>('[data-testid="message-parts"] > *')).map((part) => part.dataset['testid'] ?? 'text');
    expect(parts).toEqual(['reasoning', 'tool-call', 'text', 'tool-call', 'text', 'source', 'source', 'data-part', 'file', 'text']);
    const states = screen.getAllByTestId('tool-call').map((card) => card.dataset['state']);
    expect(states).toEqual(['output-available', 'output-available']);
    expect(screen.queryByRole('button', { name: 'Approve save_notes' })).toBeNull();
    expect(reply().textContent).toContain('Saved the notes.');
  });
});
