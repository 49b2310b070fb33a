import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../Composer.tsx';

afterEach(cleanup);

function type(text: string): HTMLTextAreaElement {
  const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
  fireEvent.change(input, { target: { value: text } });
  return input;
}

describe('Composer', () => {
  it('sends the trimmed text with the send button and clears itself', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    const input = type('  hello there ');
    fireEvent.click(screen.getByTestId('composer-send'));
    expect(onSend).toHaveBeenCalledWith('hello there');
    expect(input.value).toBe('');
  });

  it('sends on Enter and keeps Shift+Enter for a new line', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    const input = type('first line');
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('first line');
  });

  it('does not send a blank message', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    const input = type('   ');
    expect((screen.getByTestId('composer-send') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('is labelled for assistive technology', () => {
    render(<Composer onSend={() => {}} label="Your message" />);
    expect(screen.getByLabelText('Your message')).toBe(screen.getByTestId('composer-input'));
    expect(screen.getByRole('button', { name: 'Send' })).toBe(screen.getByTestId('composer-send'));
  });

  it('shows each queued message as pending', () => {
    render(
      <Composer
        onSend={() => {}}
        pending={[
          { id: 'm1', text: 'sent while offline' },
          { id: 'm2', text: 'and another' },
        ]}
      />,
    );
    const pending = screen.getAllByTestId('pending-message');
    expect(pending.map((item) => item.dataset['messageId'])).toEqual(['m1', 'm2']);
    expect(pending[0]?.textContent).toContain('sent while offline');
    expect(pending[0]?.textContent).toContain('Queued');
  });

  it('shows no pending list when nothing is queued', () => {
    render(<Composer onSend={() => {}} />);
    expect(screen.queryByTestId('pending-message')).toBeNull();
  });
});
