import { describe, expect, it } from 'vitest';
import { parseServerFrame } from '../parseServerFrame.ts';
import { parseClientFrame } from '../parseClientFrame.ts';

describe('ids that name a property of every object', () => {
  for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    it(`refuses ${id} as a conversation id, on both sides`, () => {
      const chunk = JSON.stringify({ type: 'chunk', conversationId: id, messageId: 'a1', seq: 1, text: 'x' });
      const load = JSON.stringify({ type: 'load', conversationId: id });
      const fromServer = parseServerFrame(chunk);
      const fromClient = parseClientFrame(load);
      expect(fromServer.ok).toBe(false);
      expect(fromClient.ok).toBe(false);
      if (!fromServer.ok) expect(fromServer.error.code).toBe('protocol/malformed');
    });
  }
  it('still accepts ordinary ids that merely contain those words', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'chunk', conversationId: 'my_constructor', messageId: 'a1', seq: 1, text: 'x' })).ok).toBe(true);
  });
});
