import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Message, type MessageData } from '../Message.tsx';
import { MessageList } from '../MessageList.tsx';

afterEach(cleanup);

const messages: Record<string, MessageData> = {
  u1: { id: 'u1', role: 'user', text: 'Hi', status: 'complete' },
  a1: { id: 'a1', role: 'assistant', text: 'Hello! How', status: 'streaming' },
  u2: { id: 'u2', role: 'user', text: 'Typed offline', status: 'pending' },
  a0: { id: 'a0', role: 'assistant', text: 'Cut short', status: 'stopped' },
};

function renderRow(messageId: string) {
  const message = messages[messageId];
  return message === undefined ? null : <Message message={message} />;
}

describe('MessageList', () => {
  it('renders one row per id, in order, through the row renderer', () => {
    render(<MessageList messageIds={['u1', 'a1']} renderMessage={renderRow} />);
    const rows = screen.getAllByTestId('message');
    expect(rows.map((row) => row.dataset['messageId'])).toEqual(['u1', 'a1']);
    expect(rows.map((row) => row.dataset['role'])).toEqual(['user', 'assistant']);
  });

  it('renders the caret only on the streaming message', () => {
    render(<MessageList messageIds={['u1', 'a1', 'a0']} renderMessage={renderRow} />);
    const carets = screen.getAllByTestId('streaming-caret');
    expect(carets).toHaveLength(1);
    expect(carets[0]?.closest('[data-testid="message"]')?.getAttribute('data-message-id')).toBe('a1');
    expect(screen.getByText('Hello! How').closest('[data-testid="message"]')?.getAttribute('aria-busy')).toBe('true');
  });

  it('exposes each message status and notes the ones worth telling', () => {
    render(<MessageList messageIds={['u2', 'a0']} renderMessage={renderRow} />);
    const [pending, stopped] = screen.getAllByTestId('message');
    expect(pending?.dataset['status']).toBe('pending');
    expect(pending?.textContent).toContain('Queued');
    expect(stopped?.dataset['status']).toBe('stopped');
    expect(stopped?.textContent).toContain('Stopped');
  });

  it('is a polite live log with an accessible name', () => {
    render(<MessageList messageIds={[]} renderMessage={renderRow} />);
    const list = screen.getByRole('log', { name: 'Messages' });
    expect(list.getAttribute('aria-live')).toBe('polite');
  });

  it('shows a loading placeholder, then the empty state', () => {
    const { rerender } = render(<MessageList messageIds={[]} renderMessage={renderRow} loading />);
    expect(screen.getByTestId('message-list').textContent).toContain('Loading conversation…');
    rerender(<MessageList messageIds={[]} renderMessage={renderRow} empty="Nothing here" />);
    expect(screen.getByTestId('message-list').textContent).toContain('Nothing here');
  });
});
