import type { DataPart, FilePart, MessagePart, ReasoningPart, SourcePart, ToolCallPart, ToolCallState } from '@rejoin/core';

/** Parts in every state the kit draws, shared by the React and Vue suites and the markup comparison. */

const searchInput = { query: 'Lisbon weather in May', limit: 3 };

export const toolCalls: Readonly<Record<ToolCallState, ToolCallPart>> = {
  'input-streaming': { type: 'tool-call', toolCallId: 'call-1', toolName: 'search', state: 'input-streaming', inputText: '{"query":"Lisbon wea' },
  'input-available': { type: 'tool-call', toolCallId: 'call-1', toolName: 'search', state: 'input-available', inputText: JSON.stringify(searchInput), input: searchInput },
  'approval-requested': { type: 'tool-call', toolCallId: 'call-2', toolName: 'bookHotel', state: 'approval-requested', inputText: '{"nights":2}', input: { nights: 2 } },
  'approval-responded': {
    type: 'tool-call',
    toolCallId: 'call-2',
    toolName: 'bookHotel',
    state: 'approval-responded',
    inputText: '{"nights":2}',
    input: { nights: 2 },
    approval: { approved: true },
  },
  'output-available': {
    type: 'tool-call',
    toolCallId: 'call-1',
    toolName: 'search',
    state: 'output-available',
    inputText: JSON.stringify(searchInput),
    input: searchInput,
    output: { results: [{ title: 'May in Lisbon', high: 22 }] },
  },
  'output-error': { type: 'tool-call', toolCallId: 'call-3', toolName: 'search', state: 'output-error', inputText: '{}', input: {}, errorText: 'Rate limited: try again in a minute' },
  'output-denied': {
    type: 'tool-call',
    toolCallId: 'call-2',
    toolName: 'bookHotel',
    state: 'output-denied',
    inputText: '{"nights":2}',
    input: { nights: 2 },
    approval: { approved: false, reason: 'Too expensive' },
  },
};

export const reasoningStreaming: ReasoningPart = { type: 'reasoning', text: 'The user wants a weekend plan. Check the weather' };
export const reasoningDone: ReasoningPart = { ...reasoningStreaming, text: 'The user wants a weekend plan. Check the weather first.', done: true };

export const sourceWithTitle: SourcePart = { type: 'source', sourceId: 's1', url: 'https://www.visitlisboa.com/en/weather', title: 'Visit Lisboa: weather' };
export const sourceWithoutTitle: SourcePart = { type: 'source', sourceId: 's2', url: 'https://en.wikipedia.org/wiki/Lisbon' };

export const imageFile: FilePart = { type: 'file', url: 'https://example.com/maps/alfama%20map.png', mediaType: 'image/png' };
export const namedFile: FilePart = { type: 'file', url: 'https://example.com/f/123', mediaType: 'application/pdf', filename: 'itinerary.pdf' };

export const weatherData: DataPart = { type: 'data', name: 'weather', data: { city: 'Lisbon', high: 22, low: 14 }, id: 'w1' };
export const unknownData: DataPart = { type: 'data', name: 'mystery', data: { answer: 42 } };

/** A whole research reply: reasoning, a search, sources, a file, data, and the answer. */
export const researchReply: readonly MessagePart[] = [
  reasoningDone,
  toolCalls['output-available'],
  sourceWithTitle,
  sourceWithoutTitle,
  { type: 'text', text: 'Expect highs around 22 °C. Day one: start early in Alfama.' },
  imageFile,
  weatherData,
];
