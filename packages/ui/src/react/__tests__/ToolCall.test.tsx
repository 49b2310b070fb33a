import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolCallState } from '@rejoin/core';
import { ToolCall } from '../parts/ToolCall.tsx';
import { toolCalls } from '../../shared/__tests__/partExamples.ts';

afterEach(cleanup);

const statusWords: Record<ToolCallState, string> = {
  'input-streaming': 'Preparing…',
  'input-available': 'Running…',
  'approval-requested': 'Needs your approval',
  'approval-responded': 'Approved, running…',
  'output-available': 'Done',
  'output-error': 'Failed',
  'output-denied': 'Denied',
};

describe('ToolCall', () => {
  it.each(Object.entries(statusWords))('tells the %s status in words, not colour only', (state, words) => {
    render(<ToolCall part={toolCalls[state as ToolCallState]} />);
    expect(screen.getByTestId('tool-call').dataset['state']).toBe(state);
    expect(screen.getByTestId('tool-call-status').textContent).toBe(words);
    expect(screen.getByRole('group', { name: `Tool call: ${toolCalls[state as ToolCallState].toolName}` })).toBeTruthy();
  });

  it('shows streaming input as it came, and pretty-prints it once parsed', () => {
    const { rerender } = render(<ToolCall part={toolCalls['input-streaming']} />);
    expect(screen.getByTestId('tool-call').querySelector('pre')?.textContent).toBe('{"query":"Lisbon wea');
    rerender(<ToolCall part={toolCalls['input-available']} />);
    expect(screen.getByTestId('tool-call').querySelector('pre')?.textContent).toBe('{\n  "query": "Lisbon weather in May",\n  "limit": 3\n}');
  });

  it('shows the output once available, and the error when the call failed', () => {
    const { rerender } = render(<ToolCall part={toolCalls['output-available']} />);
    expect(screen.getByText('Output')).toBeTruthy();
    expect(screen.getByTestId('tool-call').textContent).toContain('"title": "May in Lisbon"');
    rerender(<ToolCall part={toolCalls['output-error']} />);
    expect(screen.queryByText('Output')).toBeNull();
    expect(screen.getByText('Rate limited: try again in a minute')).toBeTruthy();
  });

  it('offers Approve and Deny only while approval is requested, each calling back with the call id', () => {
    const onApprove = vi.fn();
    const onDeny = vi.fn();
    const { rerender } = render(<ToolCall part={toolCalls['approval-requested']} onApprove={onApprove} onDeny={onDeny} />);
    fireEvent.click(screen.getByRole('button', { name: 'Approve bookHotel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Deny bookHotel' }));
    expect(onApprove).toHaveBeenCalledExactlyOnceWith('call-2');
    expect(onDeny).toHaveBeenCalledExactlyOnceWith('call-2');
    rerender(<ToolCall part={toolCalls['approval-responded']} onApprove={onApprove} onDeny={onDeny} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows no button a view cannot act on: Approve and Deny each need their handler', () => {
    const { rerender } = render(<ToolCall part={toolCalls['approval-requested']} />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByTestId('tool-call-status').textContent).toBe('Needs your approval');
    rerender(<ToolCall part={toolCalls['approval-requested']} onDeny={vi.fn()} />);
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Deny']);
  });

  it('shows the decision once given, with its reason', () => {
    const { rerender } = render(<ToolCall part={toolCalls['approval-responded']} />);
    expect(screen.getByText('You approved this call.')).toBeTruthy();
    rerender(<ToolCall part={toolCalls['output-denied']} />);
    expect(screen.getByText('You denied this call: Too expensive')).toBeTruthy();
  });
});
