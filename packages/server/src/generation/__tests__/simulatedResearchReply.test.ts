import type { HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { foldParts } from '../../streams/foldParts.ts';
import type { RespondPiece } from '../Respond.ts';
import { createSimulatedModel } from '../simulatedModel.ts';
import {
  isResearchPrompt,
  RESEARCH_SAVE_CALL_ID,
  RESEARCH_SEARCH_CALL_ID,
  simulatedResearchPieces,
} from '../simulatedResearchReply.ts';

const ask = (text: string): HistoryMessage[] => [{ id: 'u1', role: 'user', text, status: 'complete', createdAt: 0 }];

async function collect(iterable: AsyncIterable<RespondPiece>): Promise<RespondPiece[]> {
  const pieces: RespondPiece[] = [];
  for await (const piece of iterable) pieces.push(piece);
  return pieces;
}

describe('the simulated research reply', () => {
  it('answers prompts starting with "research", in any case, and no others', () => {
    expect(isResearchPrompt(ask('Research tides'))).toBe(true);
    expect(isResearchPrompt(ask('  research: the moon'))).toBe(true);
    expect(isResearchPrompt(ask('researchers say hi'))).toBe(false);
    expect(isResearchPrompt(ask('Tell me about research'))).toBe(false);
  });

  it('reasons, runs a streamed search, then pauses on a save_notes call awaiting approval', () => {
    const pieces = simulatedResearchPieces(ask('research tides'));
    expect(pieces.at(-1)).toEqual({ kind: 'tool-approval-request', toolCallId: RESEARCH_SAVE_CALL_ID });
    const parts = foldParts(pieces);
    expect(parts.map((part) => part.type)).toEqual(['reasoning', 'tool-call', 'text', 'tool-call']);
    expect(parts[0]).toEqual({ type: 'reasoning', text: 'The user wants research on tides. I should search first, then offer to save notes.', done: true });
    expect(parts[1]).toMatchObject({
      toolCallId: RESEARCH_SEARCH_CALL_ID,
      state: 'output-available',
      inputText: '{"query":"tides"}',
      input: { query: 'tides' },
      output: { results: 2, query: 'tides' },
    });
    expect(parts[3]).toMatchObject({ toolCallId: RESEARCH_SAVE_CALL_ID, toolName: 'save_notes', state: 'approval-requested' });
  });

  it('after approval yields the saved notes, then text with two sources, weather data and a file', () => {
    const first = simulatedResearchPieces(ask('research tides'));
    const approval = { toolCallId: RESEARCH_SAVE_CALL_ID, approved: true };
    const decided = foldParts([{ kind: 'tool-approval-response', ...approval }], foldParts(first));
    const after = simulatedResearchPieces(ask('research tides'), { messageId: 'a1', parts: decided, approval });
    const parts = foldParts(after, decided);
    expect(parts.find((part) => part.type === 'tool-call' && part.toolCallId === RESEARCH_SAVE_CALL_ID)).toMatchObject({
      state: 'output-available',
      output: { saved: true, path: 'notes/research.md' },
    });
    expect(parts.filter((part) => part.type === 'source').map((part) => part.type === 'source' && part.url)).toEqual([
      'https://example.com/overview',
      'https://example.org/details',
    ]);
    expect(parts.find((part) => part.type === 'data')).toEqual({ type: 'data', name: 'weather', id: 'weather_1', data: { city: 'Lisbon', temperatureC: 21, sky: 'clear' } });
    expect(parts.find((part) => part.type === 'file')).toEqual({ type: 'file', url: 'https://example.com/files/summary.md', mediaType: 'text/markdown', filename: 'summary.md' });
    expect(parts.at(-1)).toEqual({ type: 'text', text: ' That is the summary.' });
  });

  it('after denial says it goes on without the notes, with no tool output', () => {
    const approval = { toolCallId: RESEARCH_SAVE_CALL_ID, approved: false };
    const after = simulatedResearchPieces(ask('research tides'), { messageId: 'a1', parts: [], approval });
    expect(after.some((piece) => typeof piece !== 'string' && piece.kind === 'tool-output')).toBe(false);
    expect(after.filter((piece) => typeof piece === 'string').join('')).toMatch(/^ Understood, I will go on without saving notes\./);
  });

  it('is what the simulated model streams for a research prompt, the same every time', async () => {
    const respond = createSimulatedModel({ tokensPerSecond: Number.POSITIVE_INFINITY });
    const signal = new AbortController().signal;
    const conversation = { conversationId: 'c1', messages: ask('research tides') };
    const once = await collect(respond({ conversation, signal }));
    expect(once).toEqual(simulatedResearchPieces(ask('research tides')));
    expect(await collect(respond({ conversation, signal }))).toEqual(once);
  });
});
