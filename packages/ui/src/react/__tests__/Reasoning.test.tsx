import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Reasoning } from '../parts/Reasoning.tsx';
import { reasoningDone, reasoningStreaming } from '../../shared/__tests__/partExamples.ts';

afterEach(cleanup);

function toggle() {
  return screen.getByRole('button');
}

function text() {
  return screen.getByTestId('reasoning').querySelector('.rj-reasoning__text') as HTMLElement;
}

describe('Reasoning', () => {
  it('is an open disclosure while it streams, saying it is thinking', () => {
    render(<Reasoning part={reasoningStreaming} />);
    expect(toggle().textContent).toBe('Thinking…');
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(toggle().getAttribute('aria-controls')).toBe(text().id);
    expect(text().hidden).toBe(false);
  });

  it('folds when the reasoning ends, and the reader can open it again', () => {
    const { rerender } = render(<Reasoning part={reasoningStreaming} />);
    rerender(<Reasoning part={reasoningDone} />);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(text().hidden).toBe(true);
    fireEvent.click(toggle());
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(text().textContent).toBe(reasoningDone.text);
  });

  it('says how long it thought when the times are known, and just "Thought" otherwise', () => {
    const { rerender } = render(<Reasoning part={reasoningDone} startedAt={1_000} endedAt={3_600} />);
    expect(toggle().textContent).toBe('Thought for 3 s');
    rerender(<Reasoning part={reasoningDone} />);
    expect(toggle().textContent).toBe('Thought');
  });

  it('starts open when asked to', () => {
    render(<Reasoning part={reasoningDone} defaultExpanded />);
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
  });
});
