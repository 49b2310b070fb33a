import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../frames.ts';
import { parseClientFrame } from '../parseClientFrame.ts';
import { parseServerFrame } from '../parseServerFrame.ts';
import { validClientFrames, validServerFrames } from './validFrames.ts';

describe('encodeFrame', () => {
  it.each(validClientFrames.map((frame) => [frame.type, frame] as const))(
    'encodes a %s client frame that parseClientFrame reads back unchanged',
    (_, frame) => {
      expect(parseClientFrame(encodeFrame(frame))).toEqual({ ok: true, frame });
    },
  );

  it.each(validServerFrames.map((frame) => [frame.type, frame] as const))(
    'encodes a %s server frame that parseServerFrame reads back unchanged',
    (_, frame) => {
      expect(parseServerFrame(encodeFrame(frame))).toEqual({ ok: true, frame });
    },
  );

  it('writes one line of JSON per frame, even when text holds newlines', () => {
    const encoded = encodeFrame({ type: 'send', conversationId: 'cv_1', messageId: 'us_1', text: 'line 1\nline 2\r\n' });
    expect(encoded).not.toMatch(/[\r\n]/);
    expect(JSON.parse(encoded)).toMatchObject({ text: 'line 1\nline 2\r\n' });
  });
});
