import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageNotice } from '../StorageNotice.tsx';

afterEach(cleanup);

describe('StorageNotice', () => {
  it('tells of a storage problem until dismissed, and again for a new one', () => {
    const first = { code: 'storage/corrupt' };
    const { rerender } = render(<StorageNotice error={first} />);
    expect(screen.getByTestId('storage-notice').dataset['problem']).toBe('corrupt');
    fireEvent.click(screen.getByTestId('storage-notice-dismiss'));
    expect(screen.queryByTestId('storage-notice')).toBeNull();
    rerender(<StorageNotice error={first} />);
    expect(screen.queryByTestId('storage-notice')).toBeNull();
    rerender(<StorageNotice error={{ code: 'storage/quota' }} />);
    expect(screen.getByTestId('storage-notice').dataset['problem']).toBe('full');
  });

  it('renders nothing without a storage problem', () => {
    render(<StorageNotice error={null} />);
    expect(screen.queryByTestId('storage-notice')).toBeNull();
  });
});
