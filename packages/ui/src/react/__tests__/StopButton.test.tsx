import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StopButton } from '../StopButton.tsx';

afterEach(cleanup);

describe('StopButton', () => {
  it('is enabled while processing and calls onStop', () => {
    const onStop = vi.fn();
    render(<StopButton processing onStop={onStop} />);
    const button = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('is disabled when nothing is processing, and a click does nothing', () => {
    const onStop = vi.fn();
    render(<StopButton processing={false} onStop={onStop} />);
    const button = screen.getByTestId('stop-button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(onStop).not.toHaveBeenCalled();
  });
});
