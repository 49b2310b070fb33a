import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationUnavailable } from '../ConversationUnavailable.tsx';

afterEach(cleanup);

describe('ConversationUnavailable', () => {
  it('says the conversation is not available and offers a way back', () => {
    let back = 0;
    render(<ConversationUnavailable onBack={() => (back += 1)} />);
    expect(screen.getByRole('alert').textContent).toContain('This conversation is not available');
    fireEvent.click(screen.getByRole('button', { name: 'Start a new chat' }));
    expect(back).toBe(1);
  });
});
