import type { ReplyStep } from '@rejoin/core/testing';

/** The research prompt of the stories: its reply has every kind of message part. */
export const RESEARCH_PROMPT = 'Research tide pools for the field trip';

/** The tool call that asks for approval, for plays that approve or deny it. */
export const RESEARCH_SAVE_CALL_ID = 'call_save_notes_1';

const words = (text: string): string[] => text.match(/\s*\S+/g) ?? [];

/**
 * The fake server's script for the research prompt, the same shape as the reference server's
 * simulated research reply (packages/server/src/generation/simulatedResearchReply.ts), so the
 * stories show what the demo shows: reasoning, a streamed `search` call and its output, a
 * `save_notes` call that waits for approval, then text with two sources, `weather` data and a
 * file. One step per tick of the fake clock, so a scenario reaches each moment by advancing it.
 */
export function researchReply(): readonly ReplyStep[] {
  return [
    { kind: 'reasoning-delta', delta: 'The user wants research on tide pools. ' },
    { kind: 'reasoning-delta', delta: 'I should search first, ' },
    { kind: 'reasoning-delta', delta: 'then offer to save notes.' },
    { kind: 'reasoning-end' },
    { kind: 'tool-input-start', toolCallId: 'call_search_1', toolName: 'search' },
    { kind: 'tool-input-delta', toolCallId: 'call_search_1', delta: '{"query":' },
    { kind: 'tool-input-delta', toolCallId: 'call_search_1', delta: '"tide pools"}' },
    { kind: 'tool-input-available', toolCallId: 'call_search_1', toolName: 'search', input: { query: 'tide pools' } },
    { kind: 'tool-output', toolCallId: 'call_search_1', output: { results: 2, query: 'tide pools' } },
    ...words('I found two good sources. I would like to save notes for you.'),
    { kind: 'tool-input-available', toolCallId: RESEARCH_SAVE_CALL_ID, toolName: 'save_notes', input: { title: 'tide pools' } },
    {
      awaitApproval: RESEARCH_SAVE_CALL_ID,
      ifApproved: [
        { kind: 'tool-output', toolCallId: RESEARCH_SAVE_CALL_ID, output: { saved: true, path: 'notes/research.md' } },
        ...words(' Saved the notes.'),
      ],
      ifDenied: words(' Understood, I will go on without saving notes.'),
    },
    ...words(' Here is what the sources say about tide pools: visit at low tide, step only on bare rock,'),
    ...words(' and put every creature back where you found it.'),
    { kind: 'source', sourceId: 'src_1', url: 'https://example.com/overview', title: 'An overview' },
    { kind: 'source', sourceId: 'src_2', url: 'https://example.org/details', title: 'The details' },
    { kind: 'data', name: 'weather', id: 'weather_1', data: { city: 'Lisbon', temperatureC: 21, sky: 'clear' } },
    { kind: 'file', url: 'https://example.com/files/summary.md', mediaType: 'text/markdown', filename: 'summary.md' },
    ...words(' That is the summary.'),
  ];
}
