import type { HistoryMessage } from '@rejoin/core/protocol';

/**
 * A deterministic, plausible assistant reply: a few sentences that quote the user's last message,
 * 40 to 120 tokens, chosen by a PRNG seeded with the conversation's text. The same conversation
 * always gets the same reply, so tests can compute what a stream must add up to.
 */

const OPENINGS = [
  'You asked about "{topic}".',
  'Good question about "{topic}".',
  'Let us look at "{topic}" together.',
  'Thanks for asking about "{topic}".',
] as const;

const BODIES = [
  'The short answer is that it depends on what you need from {keyword}.',
  'A useful first step is to write down what {keyword} has to do and what it must never do.',
  'Most of the trouble with {keyword} comes from edge cases that only show up under load.',
  'It helps to start with the simplest version that works, then measure before changing it.',
  'If you share a small example, I can point at the exact place where {keyword} goes wrong.',
  'Keep in mind that every extra moving part around {keyword} is one more thing to test.',
  'A common approach is to split the problem into small steps and check each one on its own.',
  'People often underestimate how much a clear name for {keyword} helps the rest of the design.',
  'There are trade-offs here: speed, simplicity and safety rarely all come for free.',
  'In practice, the boring solution tends to age better than the clever one.',
] as const;

const CLOSINGS = [
  'I hope that helps you move forward with {keyword}.',
  'Let me know which part you would like to explore further.',
  'Tell me more about your setup and I can be more specific.',
] as const;

const MIN_TOKENS = 40;
const MAX_TARGET_TOKENS = 100;
const TOPIC_WORDS = 6;

/** The reply to the last user message of `messages`, as the tokens it streams in. */
export function simulatedReplyTokens(messages: readonly HistoryMessage[]): string[] {
  const random = mulberry32(fnv1a(messages.map((message) => `${message.role}\u0000${message.text}`).join('\u0001')));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const lastUser = lastUserText(messages);
  const words = lastUser.replace(/["“”]/g, '').split(/\s+/).filter((word) => word !== '');
  const topic =
    words.length === 0
      ? 'your message'
      : words.slice(0, TOPIC_WORDS).join(' ') + (words.length > TOPIC_WORDS ? '…' : '');
  const keyword = longestWord(words) ?? 'this';
  const fill = (template: string): string => template.replaceAll('{topic}', topic).replaceAll('{keyword}', keyword);

  const target = MIN_TOKENS + Math.floor(random() * (MAX_TARGET_TOKENS - MIN_TOKENS + 1));
  const closing = tokenize(` ${fill(pick(CLOSINGS))}`);
  const tokens = tokenize(fill(pick(OPENINGS)));
  const bodies = shuffle([...BODIES], random);
  // Each body sentence is under 20 tokens, so stopping below the target keeps the total <= 120.
  while (tokens.length + closing.length < target) {
    const body = bodies.pop();
    if (body === undefined) break;
    tokens.push(...tokenize(` ${fill(body)}`));
  }
  tokens.push(...closing);
  return tokens;
}

/** The whole reply text: what the chunks of a complete simulated reply add up to. */
export function simulatedReplyText(messages: readonly HistoryMessage[]): string {
  return simulatedReplyTokens(messages).join('');
}

/** Words with their leading whitespace, so joining the tokens gives back the sentence. */
function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function lastUserText(messages: readonly HistoryMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'user') return message.text;
  }
  return '';
}

function longestWord(words: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const raw of words) {
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
    // Bounded so one pasted blob cannot blow up every sentence.
    if (word.length >= 4 && word.length <= 24 && (best === undefined || word.length > best.length)) best = word;
  }
  return best;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

/** 32-bit FNV-1a: a stable seed from the conversation's text. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A small seeded PRNG with good enough spread for picking sentences. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
