import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionBanner } from '../ConnectionBanner.tsx';

const NOW = 1_700_000_000_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ConnectionBanner', () => {
  it('is empty while connected, with its state still readable', () => {
    render(<ConnectionBanner state="connected" onRetry={() => {}} />);
    const banner = screen.getByTestId('connection-banner');
    expect(banner.dataset['state']).toBe('online');
    expect(banner.textContent).toBe('');
  });

  it('shows connecting without a retry button', () => {
    render(<ConnectionBanner state="connecting" onRetry={() => {}} />);
    expect(screen.getByTestId('connection-banner').dataset['state']).toBe('connecting');
    expect(screen.queryByTestId('retry-button')).toBeNull();
    expect(screen.queryByTestId('retry-countdown')).toBeNull();
  });

  it('counts down to the next attempt, second by second', () => {
    render(<ConnectionBanner state="disconnected" attempt={1} nextRetryAt={NOW + 3_000} onRetry={() => {}} />);
    expect(screen.getByTestId('connection-banner').dataset['state']).toBe('retrying');
    expect(screen.getByTestId('retry-countdown').textContent).toContain('Retrying in 3 s');
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByTestId('retry-countdown').textContent).toContain('Retrying in 2 s');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByTestId('retry-countdown').textContent).toContain('Retrying…');
  });

  it('calls onRetry when the retry button is pressed', () => {
    const onRetry = vi.fn();
    render(<ConnectionBanner state="disconnected" nextRetryAt={NOW + 3_000} onRetry={onRetry} />);
    fireEvent.click(screen.getByTestId('retry-button'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows offline without a countdown when the browser has no network', () => {
    render(<ConnectionBanner state="disconnected" nextRetryAt={NOW + 3_000} online={false} onRetry={() => {}} />);
    expect(screen.getByTestId('connection-banner').dataset['state']).toBe('offline');
    expect(screen.queryByTestId('retry-countdown')).toBeNull();
    expect(screen.getByTestId('retry-button')).toBeTruthy();
  });

  it('shows failed with a retry button', () => {
    render(<ConnectionBanner state="failed" attempt={10} onRetry={() => {}} />);
    expect(screen.getByTestId('connection-banner').dataset['state']).toBe('failed');
    expect(screen.getByTestId('retry-button').tagName).toBe('BUTTON');
  });

  it('tells how many messages wait to be sent', () => {
    render(<ConnectionBanner state="disconnected" nextRetryAt={NOW + 3_000} queued={2} onRetry={() => {}} />);
    expect(screen.getByTestId('connection-banner').textContent).toContain('2 messages will be sent when you reconnect.');
  });
});
