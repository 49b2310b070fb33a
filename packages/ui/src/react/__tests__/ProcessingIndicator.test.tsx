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
  });

  it('stays in the page, empty, when idle', () => {
    render(<ProcessingIndicator processing={false} />);
    const indicator = screen.getByTestId('processing-indicator');
    expect(indicator.dataset['processing']).toBe('false');
    expect(indicator.textContent).toBe('');
  });
});
