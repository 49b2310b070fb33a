import type { HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { simulatedReplyText, simulatedReplyTokens } from '../simulatedReply.ts';

const ask = (text: string, earlier: readonly HistoryMessage[] = []): HistoryMessage[] => [
  ...earlier,
  { id: `u${earlier.length}`, role: 'user', text, status: 'complete', createdAt: earlier.length },
];

const QUESTIONS = [
  'How do I bake bread?',
  'What is a monad?',
  'hi',
  '',
  'Please explain, in great detail and with examples, how TCP congestion control works on lossy links',
  '¿Qué es un arcoíris? 🌈',
];

describe('simulatedReply', () => {
  it('gives the same conversation the same reply, whatever its ids and timestamps', () => {
    const first = ask('How do I bake bread?');
    const second = first.map((message) => ({ ...message, id: 'other-id', createdAt: 123 }));
    expect(simulatedReplyText(second)).toBe(simulatedReplyText(first));
  });

  it('gives different conversations different replies', () => {
    const replies = new Set(QUESTIONS.map((question) => simulatedReplyText(ask(question))));
    expect(replies.size).toBe(QUESTIONS.length);
  });

  it('streams between 40 and 120 tokens that join into the reply text', () => {
    for (const question of QUESTIONS) {
      const tokens = simulatedReplyTokens(ask(question));
      expect(tokens.length).toBeGreaterThanOrEqual(40);
      expect(tokens.length).toBeLessThanOrEqual(120);
      expect(tokens.join('')).toBe(simulatedReplyText(ask(question)));
      expect(tokens.every((token) => token.trim() !== '')).toBe(true);
    }
  });

  it("quotes the start of the user's last message", () => {
    const earlier = ask('Tell me about cats');
    const conversation = ask('And what about dogs?', [
      ...earlier,
      { id: 'a0', role: 'assistant', text: 'Cats are great.', status: 'complete', createdAt: 1 },
    ]);
    expect(simulatedReplyText(conversation)).toContain('"And what about dogs?"');
  });
});
