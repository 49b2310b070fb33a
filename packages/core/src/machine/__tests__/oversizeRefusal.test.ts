import { describe, expect, it } from 'vitest';
import { oversizeRefusal } from '../oversizeRefusal.ts';

describe('the client checks its own sends in the same unit', () => {
  it('refuses a message whose send frame is over a small announced limit in UTF-8 bytes, though short in characters', () => {
    const entry = { conversationId: 'c1', messageId: 'm1', text: '€'.repeat(100), createdAt: 0 };
    // About 160 UTF-16 code units, about 360 UTF-8 bytes.
    expect(oversizeRefusal(entry, { maxFrameBytes: 300, maxMessageChars: 1000 })?.message).toMatch(/bytes/);
    expect(oversizeRefusal(entry, { maxFrameBytes: 400, maxMessageChars: 1000 })).toBeNull();
  });
});
