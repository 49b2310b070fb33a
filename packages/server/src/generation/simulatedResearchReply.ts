import type { HistoryMessage, PartEvent } from '@rejoin/core/protocol';
import type { RespondContinuation, RespondPiece } from './Respond.ts';

/**
 * The simulated model's research reply (protocol v2 parts), for a user message starting with
 * "research" (any case): reasoning, a streamed `search` tool call with its output, then a
 * `save_notes` call that asks for approval and pauses the reply. After the decision: the saved
 * notes (approved) or a sentence saying it goes on without them (denied), then text with two
 * sources, a `weather` data part and a file part. Deterministic: the same prompt always yields the
 * same pieces, so end-to-end tests can assert the exact content.
 */

/** Tool call ids of the research reply (unique within the message). */
export const RESEARCH_SEARCH_CALL_ID = 'call_search_1';
export const RESEARCH_SAVE_CALL_ID = 'call_save_notes_1';

/** Whether the simulated model answers this conversation with the research reply. */
export function isResearchPrompt(messages: readonly HistoryMessage[]): boolean {
  return /^research\b/i.test(researchTopicSource(messages));
}

/** The research reply's pieces: the first run (up to the approval request), or the continuation. */
export function simulatedResearchPieces(
  messages: readonly HistoryMessage[],
  continuation?: RespondContinuation,
): RespondPiece[] {
  const topic = researchTopic(messages);
  if (continuation === undefined) return firstRun(topic);
  return afterDecision(topic, continuation.approval.approved);
}

function firstRun(topic: string): RespondPiece[] {
  const query = JSON.stringify(topic);
  return [
    { kind: 'reasoning-delta', delta: 'The user wants research on ' },
    { kind: 'reasoning-delta', delta: `${topic}. ` },
    { kind: 'reasoning-delta', delta: 'I should search first, ' },
    { kind: 'reasoning-delta', delta: 'then offer to save notes.' },
    { kind: 'reasoning-end' },
    { kind: 'tool-input-start', toolCallId: RESEARCH_SEARCH_CALL_ID, toolName: 'search' },
    { kind: 'tool-input-delta', toolCallId: RESEARCH_SEARCH_CALL_ID, delta: '{"query":' },
    { kind: 'tool-input-delta', toolCallId: RESEARCH_SEARCH_CALL_ID, delta: `${query}}` },
    { kind: 'tool-input-available', toolCallId: RESEARCH_SEARCH_CALL_ID, toolName: 'search', input: { query: topic } },
    { kind: 'tool-output', toolCallId: RESEARCH_SEARCH_CALL_ID, output: { results: 2, query: topic } },
    ...words('I found two good sources. I would like to save notes for you.'),
    { kind: 'tool-input-available', toolCallId: RESEARCH_SAVE_CALL_ID, toolName: 'save_notes', input: { title: topic } },
    { kind: 'tool-approval-request', toolCallId: RESEARCH_SAVE_CALL_ID },
  ];
}

function afterDecision(topic: string, approved: boolean): RespondPiece[] {
  const decision: RespondPiece[] = approved
    ? [
        { kind: 'tool-output', toolCallId: RESEARCH_SAVE_CALL_ID, output: { saved: true, path: 'notes/research.md' } },
        ...words(' Saved the notes.'),
      ]
    : words(' Understood, I will go on without saving notes.');
  const parts: PartEvent[] = [
    { kind: 'source', sourceId: 'src_1', url: 'https://example.com/overview', title: 'An overview' },
    { kind: 'source', sourceId: 'src_2', url: 'https://example.org/details', title: 'The details' },
    { kind: 'data', name: 'weather', id: 'weather_1', data: { city: 'Lisbon', temperatureC: 21, sky: 'clear' } },
    { kind: 'file', url: 'https://example.com/files/summary.md', mediaType: 'text/markdown', filename: 'summary.md' },
  ];
  return [
    ...decision,
    ...words(` Here is what the sources say about ${topic}.`),
    ...parts,
    ...words(' That is the summary.'),
  ];
}

/** Words with their leading whitespace, each one piece, like the text reply's tokens. */
function words(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function researchTopicSource(messages: readonly HistoryMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'user') return message.text.trim();
  }
  return '';
}

/** What follows "research" in the prompt, bounded, or a default. */
function researchTopic(messages: readonly HistoryMessage[]): string {
  const topic = researchTopicSource(messages).replace(/^research\b[:\s]*/i, '').trim().slice(0, 60);
  return topic === '' ? 'this topic' : topic;
}
