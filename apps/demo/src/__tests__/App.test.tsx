import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createChatClient, type ChatClient } from '@rejoin/core';
import { createFakeServer, FakeClock, type FakeServer } from '@rejoin/core/testing';
import { ChatProvider } from '@rejoin/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';

let clock: FakeClock;
let server: FakeServer;
let client: ChatClient;

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  // Started at the real time: the banner's countdown reads Date.now().
  clock = new FakeClock(Date.now());
  server = createFakeServer({ clock, tokensPerSecond: 20, reply: () => 'one two three four five six seven eight nine ten' });
  client = createChatClient({ transport: server.transport, clock, namespace: 'demo-test', storage: null });
});

afterEach(() => {
  cleanup();
  client.dispose();
});

function advance(ms: number): void {
  act(() => clock.advance(ms));
}

function renderApp(onSignOut = () => {}) {
  const conversationId = client.newConversation();
  render(
    <ChatProvider client={client}>
      <App initialConversationId={conversationId} onSignOut={onSignOut} />
    </ChatProvider>,
  );
  advance(10);
  return conversationId;
}

function send(text: string): void {
  fireEvent.change(screen.getByTestId('composer-input'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('composer-send'));
}

describe('the demo app', () => {
  it('puts the open conversation in the URL, so a reload reopens it', () => {
    const conversationId = renderApp();
    expect(new URL(window.location.href).searchParams.get('c')).toBe(conversationId);
  });

  it('streams a reply into the open conversation, with caret, processing indicator, Stop and a streaming dot', () => {
    const conversationId = renderApp();
    send('Hello');
    advance(200);

    const messages = screen.getAllByTestId('message');
    expect(messages.map((message) => message.dataset['role'])).toEqual(['user', 'assistant']);
    expect(messages[1]?.dataset['status']).toBe('streaming');
    expect(within(messages[1]!).getByTestId('streaming-caret')).toBeTruthy();
    expect(screen.getByTestId('processing-indicator').dataset['processing']).toBe('true');
    expect((screen.getByTestId('stop-button') as HTMLButtonElement).disabled).toBe(false);
    const item = screen.getAllByTestId('conversation-item').find((element) => element.dataset['conversationId'] === conversationId);
    expect(item?.dataset['streaming']).toBe('true');

    advance(5_000);
    expect(screen.getAllByTestId('message')[1]?.dataset['status']).toBe('complete');
    expect(screen.getAllByTestId('message')[1]?.textContent).toContain('one two three four five six seven eight nine ten');
    expect(screen.queryByTestId('streaming-caret')).toBeNull();
    expect(screen.getByTestId('processing-indicator').dataset['processing']).toBe('false');
    expect((screen.getByTestId('stop-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('stops the reply with the Stop button', () => {
    renderApp();
    send('Hello');
    advance(200);
    fireEvent.click(screen.getByTestId('stop-button'));
    advance(100);
    expect(screen.getAllByTestId('message')[1]?.dataset['status']).toBe('stopped');
    expect((screen.getByTestId('stop-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the lost connection with a countdown, and a message typed meanwhile as queued', () => {
    renderApp();
    act(() => server.setDown(true));
    advance(10);
    const banner = screen.getByTestId('connection-banner');
    expect(banner.dataset['state']).toBe('retrying');
    expect(screen.getByTestId('retry-button')).toBeTruthy();

    send('Typed offline');
    // Shown once, in the thread, as queued; waiting for the connection, not "responding".
    expect(within(screen.getByRole('main')).getAllByText('Typed offline')).toHaveLength(1);
    expect(screen.getAllByTestId('message').map((item) => item.dataset['status'])).toEqual(['pending']);
    expect(screen.getByTestId('pending-indicator')).toBeTruthy();
    expect(screen.getByTestId('processing-indicator').dataset['processing']).toBe('false');

    act(() => server.setDown(false));
    fireEvent.click(screen.getByTestId('retry-button'));
    advance(100);
    expect(screen.getByTestId('connection-banner').dataset['state']).toBe('online');
    expect(screen.queryByTestId('pending-indicator')).toBeNull();
    expect(screen.getAllByTestId('message')[0]?.dataset['status']).toBe('complete');
  });

  it('cancels a queued message with Stop: it is never sent, and no stopped reply appears', () => {
    const conversationId = renderApp();
    act(() => server.setDown(true));
    advance(10);
    send('Never mind');
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(screen.queryAllByTestId('message')).toHaveLength(0);
    expect(screen.queryByTestId('pending-indicator')).toBeNull();
    expect((screen.getByTestId('stop-button') as HTMLButtonElement).disabled).toBe(true);
    act(() => server.setDown(false));
    fireEvent.click(screen.getByTestId('retry-button'));
    advance(5_000);
    expect(screen.queryAllByTestId('message')).toHaveLength(0);
    expect(server.history(conversationId)).toEqual([]);
  });

  it('shows a conversation the server will not load as not available, with a way back to a new chat', () => {
    window.history.replaceState(null, '', '/?c=someone-elses');
    render(
      <ChatProvider client={client}>
        <App initialConversationId="someone-elses" onSignOut={() => {}} />
      </ChatProvider>,
    );
    advance(50);
    expect(screen.getByTestId('conversation-unavailable').textContent).toContain('This conversation is not available');
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('conversation-unavailable-back'));
    advance(50);
    expect(screen.queryByTestId('conversation-unavailable')).toBeNull();
    expect(new URL(window.location.href).searchParams.get('c')).not.toBe('someone-elses');
  });

  it('opens a new conversation from "New chat" and lists the previous one', () => {
    const first = renderApp();
    send('First chat');
    advance(5_000);
    fireEvent.click(screen.getByTestId('new-conversation'));
    advance(10);
    const second = new URL(window.location.href).searchParams.get('c');
    expect(second).not.toBe(first);
    expect(screen.queryAllByTestId('message')).toHaveLength(0);
    fireEvent.click(screen.getAllByTestId('conversation-item').find((item) => item.dataset['conversationId'] === first)!);
    advance(10);
    expect(screen.getAllByTestId('message')).toHaveLength(2);
  });

  it('signs out through the callback', () => {
    const onSignOut = vi.fn();
    renderApp(onSignOut);
    fireEvent.click(screen.getByTestId('sign-out'));
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });
});
