/**
 * A realistic assistant reply as a model streams it: prose with markdown, lists and code, cut into
 * tokens of the sizes a BPE tokenizer produces (mostly a word with its leading space, sometimes
 * punctuation or a newline on its own). Deterministic, so every run and every contender sees the
 * same text.
 */

const WORDS = (
  'the a of to and in is that it for you this with on as be are can or by not your an if from at ' +
  'state message stream reply socket server client token chunk reconnect refresh resume history ' +
  'function value return error request response cursor sequence buffer render component update ' +
  'because when then which while before after every only first last other same each more most ' +
  'simple careful explicit latency throughput persistence storage network browser connection'
).split(' ');
const PUNCTUATION = ['.', ',', ':', ';', '?', '!'];
const CODE_LINES = [
  '```ts\n',
  'const client = createChatClient({ url, namespace });\n',
  'client.subscribe(() => render(client.getSnapshot()));\n',
  'await client.send("hello");\n',
  '```\n',
];

/** A seeded PRNG (mulberry32): the same seed gives the same reply. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` tokens of a reply; joined, they are the reply's text. */
export function realisticReplyTokens(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const tokens: string[] = [];
  let sentenceStart = true;
  while (tokens.length < count) {
    const roll = random();
    if (roll < 0.015 && !sentenceStart) {
      // A code block, line by line, with the sub-word tokens code gets.
      tokens.push('\n\n');
      for (const line of CODE_LINES) {
        for (const piece of line.match(/\w+|\s+|[^\w\s]+/g) ?? []) tokens.push(piece);
      }
      tokens.push('\n');
      sentenceStart = true;
    } else if (roll < 0.04 && !sentenceStart) {
      tokens.push(pick(PUNCTUATION));
      if (roll < 0.025) tokens.push('\n\n- ');
      sentenceStart = true;
    } else if (roll < 0.12 && !sentenceStart) {
      tokens.push(pick(PUNCTUATION));
    } else {
      const word = pick(WORDS);
      tokens.push(sentenceStart ? ` ${word[0]!.toUpperCase()}${word.slice(1)}` : ` ${word}`);
      sentenceStart = false;
    }
  }
  return tokens.slice(0, count);
}
