import type { HistoryMessage } from '@rejoin/core';

/**
 * `count` settled messages alternating user and assistant, ending with the user message that
 * `lastUserId` names (the one the streaming reply answers).
 */
export function historyMessages(count: number, lastUserId: string): HistoryMessage[] {
  return Array.from({ length: count }, (_, index): HistoryMessage => {
    const fromEnd = count - 1 - index;
    const role = fromEnd % 2 === 0 ? 'user' : 'assistant';
    return {
      id: fromEnd === 0 ? lastUserId : `h${index.toString().padStart(5, '0')}_xxxxxxxxxxxxxx`,
      role,
      text:
        role === 'user'
          ? 'How do I keep a streaming reply alive across a page refresh and a dropped socket?'
          : 'Persist a cursor with the partial text, then ask the server for what came after it. '.repeat(4),
      status: 'complete',
      createdAt: 1_700_000_000_000 + index * 1000,
    };
  });
}
