import { describe, expect, it } from 'vitest';
import { errorCodeForRejection } from '../frameChecks.ts';
import { parseClientFrame } from '../parseClientFrame.ts';

function rejectionOf(raw: unknown, maxFrameBytes?: number) {
  const result = parseClientFrame(raw, maxFrameBytes === undefined ? undefined : { maxFrameBytes });
  if (result.ok) throw new Error('expected the frame to be refused');
  return result.error;
}

describe('errorCodeForRejection', () => {
  it('answers an oversized frame with frame_too_large', () => {
    expect(errorCodeForRejection(rejectionOf('{"type":"list","pad":"xxxxxxxxxx"}', 10))).toBe('frame_too_large');
  });

  it('answers a frame for another protocol version with unsupported_version', () => {
    expect(errorCodeForRejection(rejectionOf('{"type":"hello","v":3,"clientId":"cl_1","cursors":[]}'))).toBe(
      'unsupported_version',
    );
  });

  it.each([
    ['binary data', new Uint8Array([123, 125])],
    ['text that is not JSON', '{"type":'],
    ['an unknown type', '{"type":"typing"}'],
    ['a field of the wrong type', '{"type":"load","conversationId":7}'],
  ])('answers %s with bad_frame', (_, raw) => {
    expect(errorCodeForRejection(rejectionOf(raw))).toBe('bad_frame');
  });
});
