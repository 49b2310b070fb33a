import type { ChatMessage, DataPart, MessagePart, ToolCallPart, ToolCallState } from '@rejoin/core';

/**
 * The message part states both Storybooks must show, and the parts each story draws. The kit's
 * part components are presentational, so these stories build parts as data; stories of parts
 * streamed by the fake server come once it streams them.
 */
export const partStates = [
  'tool-call/input-streaming',
  'tool-call/input-available',
  'tool-call/approval-requested',
  'tool-call/approval-responded',
  'tool-call/output-available',
  'tool-call/output-error',
  'tool-call/output-denied',
  'reasoning/streaming',
  'reasoning/done',
  'reasoning/collapsed',
  'sources',
  'files',
  'data/with-renderer',
  'data/json-fallback',
  'research-reply',
] as const;

export type PartState = (typeof partStates)[number];

const searchInput = { query: 'Lisbon weather in May', limit: 3 };
const bookingInput = { hotel: 'Memmo Alfama', nights: 2 };

/** A tool call in each of its states: a search for the plain ones, a booking for those that need approval. */
export const toolCallExamples: Readonly<Record<ToolCallState, ToolCallPart>> = {
  'input-streaming': { type: 'tool-call', toolCallId: 'call-search', toolName: 'search', state: 'input-streaming', inputText: '{"query":"Lisbon weather in M' },
  'input-available': { type: 'tool-call', toolCallId: 'call-search', toolName: 'search', state: 'input-available', inputText: JSON.stringify(searchInput), input: searchInput },
  'approval-requested': { type: 'tool-call', toolCallId: 'call-book', toolName: 'bookHotel', state: 'approval-requested', inputText: JSON.stringify(bookingInput), input: bookingInput },
  'approval-responded': {
    type: 'tool-call',
    toolCallId: 'call-book',
    toolName: 'bookHotel',
    state: 'approval-responded',
    inputText: JSON.stringify(bookingInput),
    input: bookingInput,
    approval: { approved: true },
  },
  'output-available': {
    type: 'tool-call',
    toolCallId: 'call-search',
    toolName: 'search',
    state: 'output-available',
    inputText: JSON.stringify(searchInput),
    input: searchInput,
    output: { results: [{ title: 'Lisbon in May: mild and sunny', high: 22, low: 14 }] },
  },
  'output-error': {
    type: 'tool-call',
    toolCallId: 'call-search',
    toolName: 'search',
    state: 'output-error',
    inputText: JSON.stringify(searchInput),
    input: searchInput,
    errorText: 'Rate limited: try again in a minute.',
  },
  'output-denied': {
    type: 'tool-call',
    toolCallId: 'call-book',
    toolName: 'bookHotel',
    state: 'output-denied',
    inputText: JSON.stringify(bookingInput),
    input: bookingInput,
    approval: { approved: false, reason: 'Over budget' },
  },
};

const thinking = 'The user wants a weekend in Lisbon in May. Check the weather first, then find a hotel in Alfama';
export const reasoningExamples = {
  streaming: { type: 'reasoning', text: thinking },
  done: { type: 'reasoning', text: `${thinking}.`, done: true },
} as const satisfies Record<string, MessagePart>;

export const sourceExamples: readonly MessagePart[] = [
  { type: 'source', sourceId: 'src-1', url: 'https://www.visitlisboa.com/en/weather', title: 'Visit Lisboa: weather' },
  { type: 'source', sourceId: 'src-2', url: 'https://en.wikipedia.org/wiki/Lisbon' },
];

// An inline SVG, so the thumbnail shows without a network.
const mapImage = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#4f46e5"/><path d="M0 3l2-2 2 2" stroke="#fff" fill="none" stroke-width=".4"/></svg>')}`;
export const fileExamples: readonly MessagePart[] = [
  { type: 'file', url: mapImage, mediaType: 'image/svg+xml', filename: 'alfama-map.svg' },
  { type: 'file', url: 'https://example.com/trips/lisbon/itinerary.pdf', mediaType: 'application/pdf' },
];

export const weatherData: DataPart = { type: 'data', name: 'weather', id: 'weather-lisbon', data: { city: 'Lisbon', high: 22, low: 14, sky: 'sunny' } };
export const unknownData: DataPart = { type: 'data', name: 'flight-prices', data: { from: 'LHR', to: 'LIS', cheapest: 89, currency: 'EUR' } };

/** How the weather renderer of the stories reads a weather data part. */
export function weatherSummary(part: DataPart): string {
  const { city, high, low, sky } = part.data as { city: string; high: number; low: number; sky: string };
  return `${city}: ${sky}, ${String(high)} °C / ${String(low)} °C`;
}

/** A whole research reply: reasoning, a search, its sources, the answer, a file and data. */
export const researchReply: readonly MessagePart[] = [
  reasoningExamples.done,
  toolCallExamples['output-available'],
  ...sourceExamples,
  { type: 'text', text: 'May is a lovely time for Lisbon: highs around 22 °C.\nDay one: start early in Alfama, then the Castelo.' },
  fileExamples[0]!,
  weatherData,
];

/** An assistant message holding `parts`, as the kit's `Message` takes it. */
export function partsMessage(parts: readonly MessagePart[], status: ChatMessage['status'] = 'complete'): Pick<ChatMessage, 'id' | 'role' | 'text' | 'status'> & { readonly parts: readonly MessagePart[] } {
  const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  return { id: 'story-reply', role: 'assistant', text, status, parts };
}
