import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessingIndicator } from '../ProcessingIndicator.tsx';

afterEach(cleanup);

describe('ProcessingIndicator', () => {
  it('says the assistant is responding while processing', () => {
    render(<ProcessingIndicator processing />);
    const indicator = screen.getByRole('status');
    expect(indicator.dataset['processing']).toBe('true');
    expect(indicator.textContent).toContain('Assistant is responding');
    expect(screen.queryByTestId('pending-indicator')).toBeNull();
  });

  it('stays in the page, empty, when idle', () => {
    render(<ProcessingIndicator processing={false} />);
    const indicator = screen.getByTestId('processing-indicator');
    expect(indicator.dataset['processing']).toBe('false');
    expect(indicator.textContent).toBe('');
  });

  it('says a pending message waits for a connection, and never that the assistant is responding', () => {
    render(<ProcessingIndicator processing={false} pending />);
    expect(screen.getByTestId('pending-indicator').textContent).toBe('Waiting for connection, will send when back online');
    expect(screen.getByRole('status').textContent).not.toContain('responding');
  });
});
