import { describe, expect, it } from 'vitest';
import { findToolCall, foldParts, type StreamPiece, textOfParts } from '../foldParts.ts';

describe('foldParts', () => {
  it('appends text to a last text part and starts a new one after any other part', () => {
    const parts = foldParts(['a', 'b', { kind: 'source', sourceId: 's', url: 'u' }, 'c']);
    expect(parts).toEqual([{ type: 'text', text: 'ab' }, { type: 'source', sourceId: 's', url: 'u' }, { type: 'text', text: 'c' }]);
    expect(textOfParts(parts)).toBe('abc');
  });

  it('grows an unfinished reasoning part, and finishes it at reasoning-end or at the next part', () => {
    expect(foldParts([{ kind: 'reasoning-delta', delta: 'a' }, { kind: 'reasoning-delta', delta: 'b' }, { kind: 'reasoning-end' }, { kind: 'reasoning-delta', delta: 'c' }])).toEqual([
      { type: 'reasoning', text: 'ab', done: true },
      { type: 'reasoning', text: 'c' },
    ]);
    expect(foldParts([{ kind: 'reasoning-delta', delta: 'a' }, 'x'])).toEqual([{ type: 'reasoning', text: 'a', done: true }, { type: 'text', text: 'x' }]);
  });

  it('moves a tool call through its states by toolCallId, and ignores events for an unknown call', () => {
    const parts = foldParts([
      { kind: 'tool-input-start', toolCallId: 't1', toolName: 'search' },
      { kind: 'tool-input-delta', toolCallId: 't1', delta: '{"q"' },
      { kind: 'tool-input-delta', toolCallId: 't1', delta: ':1}' },
      { kind: 'tool-input-available', toolCallId: 't1', toolName: 'search', input: { q: 1 } },
      { kind: 'tool-approval-request', toolCallId: 't1' },
      { kind: 'tool-approval-response', toolCallId: 't1', approved: true, reason: 'fine' },
      { kind: 'tool-output', toolCallId: 't1', output: 7 },
      { kind: 'tool-output', toolCallId: 'nobody', output: 8 },
    ]);
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 't1', toolName: 'search', state: 'output-available', inputText: '{"q":1}', input: { q: 1 }, output: 7, approval: { approved: true, reason: 'fine' } },
    ]);
    expect(findToolCall(parts, 'nobody')).toBeUndefined();
  });

  it('replaces a data part with the same id in place and appends one with a new id', () => {
    const pieces: StreamPiece[] = [
      { kind: 'data', name: 'chart', id: 'd', data: 1 },
      'x',
      { kind: 'data', name: 'chart', id: 'd', data: 2 },
      { kind: 'data', name: 'unknown-to-the-app', data: 3 },
    ];
    expect(foldParts(pieces)).toEqual([
      { type: 'data', name: 'chart', id: 'd', data: 2 },
      { type: 'text', text: 'x' },
      { type: 'data', name: 'unknown-to-the-app', data: 3 },
    ]);
  });

  it('gives the same parts folded at once or in two steps from any split point', () => {
    const pieces: StreamPiece[] = [
      { kind: 'reasoning-delta', delta: 'r' },
      'a',
      { kind: 'tool-input-start', toolCallId: 't', toolName: 'n' },
      { kind: 'tool-input-delta', toolCallId: 't', delta: '{}' },
      { kind: 'tool-error', toolCallId: 't', errorText: 'no' },
      'b',
      { kind: 'file', url: 'f', mediaType: 'text/plain' },
      'c',
    ];
    const whole = foldParts(pieces);
    for (let split = 0; split <= pieces.length; split++) {
      expect(foldParts(pieces.slice(split), foldParts(pieces.slice(0, split)))).toEqual(whole);
    }
  });
});
