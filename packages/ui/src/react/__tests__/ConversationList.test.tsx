import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationList } from '../ConversationList.tsx';

afterEach(cleanup);

const items = [
  { conversationId: 'c1', title: 'Streaming one', streaming: true },
  { conversationId: 'c2', title: 'Quiet one', streaming: false },
];

describe('ConversationList', () => {
  it('shows a streaming dot only on conversations whose reply is streaming', () => {
    render(<ConversationList items={items} activeId={null} onSelect={() => {}} />);
    const [streaming, quiet] = screen.getAllByTestId('conversation-item');
    expect(streaming?.dataset['streaming']).toBe('true');
    expect(streaming?.querySelector('.rj-dot')).not.toBeNull();
    expect(quiet?.dataset['streaming']).toBe('false');
    expect(quiet?.querySelector('.rj-dot')).toBeNull();
  });

  it('marks the open conversation as current', () => {
    render(<ConversationList items={items} activeId="c2" onSelect={() => {}} />);
    const current = screen.getAllByTestId('conversation-item').filter((item) => item.getAttribute('aria-current') === 'page');
    expect(current.map((item) => item.dataset['conversationId'])).toEqual(['c2']);
  });

  it('calls onSelect with the conversation id', () => {
    const onSelect = vi.fn();
    render(<ConversationList items={items} activeId={null} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: /Quiet one/ }));
    expect(onSelect).toHaveBeenCalledWith('c2');
  });

  it('offers a "New chat" button only when onNew is given', () => {
    const onNew = vi.fn();
    const { rerender } = render(<ConversationList items={items} activeId={null} onSelect={() => {}} />);
    expect(screen.queryByTestId('new-conversation')).toBeNull();
    rerender(<ConversationList items={items} activeId={null} onSelect={() => {}} onNew={onNew} />);
    fireEvent.click(screen.getByTestId('new-conversation'));
    expect(onNew).toHaveBeenCalledTimes(1);
  });

  it('says so when there are no conversations', () => {
    render(<ConversationList items={[]} activeId={null} onSelect={() => {}} />);
    expect(screen.getByRole('navigation', { name: 'Conversations' }).textContent).toContain('No conversations yet.');
  });
});
