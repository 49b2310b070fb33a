import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataPart, MessagePart } from '@rejoin/core';
import { Message } from '../Message.tsx';
import { MessageParts } from '../parts/MessageParts.tsx';
import {
  imageFile,
  namedFile,
  researchReply,
  sourceWithoutTitle,
  sourceWithTitle,
  toolCalls,
  unknownData,
  weatherData,
} from '../../shared/__tests__/partExamples.ts';

afterEach(cleanup);

const weatherRenderer = (part: DataPart) => <p data-testid="weather">High {(part.data as { high: number }).high}</p>;

describe('MessageParts', () => {
  it('renders a research reply in order, text through the message text', () => {
    render(<MessageParts parts={researchReply} />);
    const kinds = [...screen.getByTestId('message-parts').children].map((child) => child.getAttribute('data-testid') ?? child.className);
    expect(kinds).toEqual(['reasoning', 'tool-call', 'source', 'source', 'rj-message__text', 'file', 'data-part']);
  });

  it('links sources by title or host, and files by name or the last URL segment with their type', () => {
    render(<MessageParts parts={[sourceWithTitle, sourceWithoutTitle, imageFile, namedFile]} />);
    const [titled, untitled] = screen.getAllByTestId('source');
    expect(titled?.getAttribute('href')).toBe(sourceWithTitle.url);
    expect(titled?.textContent).toBe('Visit Lisboa: weather (opens in a new tab)');
    expect(untitled?.textContent).toContain('en.wikipedia.org');
    const [image, pdf] = screen.getAllByTestId('file');
    expect(image?.textContent).toBe('alfama map.pngimage/png');
    expect(image?.querySelector('img')?.getAttribute('src')).toBe(imageFile.url);
    expect(pdf?.textContent).toBe('itinerary.pdfapplication/pdf');
    expect(pdf?.querySelector('img')).toBeNull();
  });

  it('renders a data part through the app renderer for its name, and unknown names as JSON', () => {
    render(<MessageParts parts={[weatherData, unknownData]} dataRenderers={{ weather: weatherRenderer }} />);
    expect(screen.getByTestId('weather').textContent).toBe('High 22');
    const [, fallback] = screen.getAllByTestId('data-part');
    expect(fallback?.dataset['name']).toBe('mystery');
    expect(fallback?.textContent).toBe('mystery{\n  "answer": 42\n}');
  });

  it('does not take a name inherited from Object for a renderer', () => {
    render(<MessageParts parts={[{ type: 'data', name: 'constructor', data: [1] }]} dataRenderers={{}} />);
    expect(screen.getByTestId('data-part').textContent).toBe('constructor[\n  1\n]');
  });

  it('passes approve and deny to the tool call cards', () => {
    const onApprove = vi.fn();
    const onDeny = vi.fn();
    render(<MessageParts parts={[toolCalls['approval-requested']]} onApproveToolCall={onApprove} onDenyToolCall={onDeny} />);
    fireEvent.click(screen.getByRole('button', { name: 'Approve bookHotel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Deny bookHotel' }));
    expect(onApprove).toHaveBeenCalledWith('call-2');
    expect(onDeny).toHaveBeenCalledWith('call-2');
  });

  it('re-renders only the part a chunk changed', () => {
    const rendered = vi.fn(weatherRenderer);
    const renderers = { weather: rendered };
    const before: MessagePart[] = [toolCalls['input-streaming'], weatherData];
    const { rerender } = render(<MessageParts parts={before} dataRenderers={renderers} />);
    rerender(<MessageParts parts={[toolCalls['input-available'], weatherData]} dataRenderers={renderers} />);
    expect(screen.getByTestId('tool-call').dataset['state']).toBe('input-available');
    expect(rendered).toHaveBeenCalledTimes(1);
  });
});

describe('Message with parts', () => {
  it('keeps the plain bubble for text only, and renders the parts when there is more than text', () => {
    const { rerender } = render(
      <Message message={{ id: 'a1', role: 'assistant', text: 'Hello', status: 'complete', parts: [{ type: 'text', text: 'Hello' }] }} />,
    );
    expect(screen.queryByTestId('message-parts')).toBeNull();
    expect(screen.getByTestId('message').textContent).toContain('Hello');
    const onApproveToolCall = vi.fn();
    rerender(
      <Message
        message={{ id: 'a1', role: 'assistant', text: '', status: 'streaming', parts: [toolCalls['approval-requested']] }}
        onApproveToolCall={onApproveToolCall}
      />,
    );
    expect(screen.getByTestId('message-parts')).toBeTruthy();
    expect(screen.getByTestId('streaming-caret')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve bookHotel' }));
    expect(onApproveToolCall).toHaveBeenCalledWith('call-2');
  });
});
