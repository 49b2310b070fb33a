import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../frames.ts';
import { parseServerFrame } from '../parseServerFrame.ts';
import { fieldRuleCases } from './fieldRuleCases.ts';
import { serverFramesByType, validServerFrames } from './validFrames.ts';

describe('parseServerFrame', () => {
  it.each(validServerFrames.map((frame) => [frame.type, frame] as const))('accepts a valid %s frame as is', (_, frame) => {
    expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });

  it.each(fieldRuleCases('server').map((rule) => [rule.title, rule] as const))('%s', (_, { raw, expected, path }) => {
    const result = parseServerFrame(raw);
    if (expected === 'ok') {
      expect(result).toEqual({ ok: true, frame: JSON.parse(raw) });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(expected);
    expect(result.error.message).toMatch(/^\[rejoin\] /);
    if (path !== undefined) expect(result.error.message).toContain(`\`${path}\``);
  });

  it.each(ERROR_CODES)('accepts an error frame with the known code %s unchanged', (code) => {
    const frame = { type: 'error', code, message: 'Something.', fatal: true };
    expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });

  it('accepts an error code from a newer server as internal, keeping everything else', () => {
    const sent = {
      type: 'error',
      code: 'quota_exceeded',
      message: 'Monthly quota reached.',
      conversationId: 'cv_3kTMd9Q2',
      fatal: true,
      retryAfterMs: 60_000,
      extra: 'kept',
    };
    expect(parseServerFrame(JSON.stringify(sent))).toEqual({ ok: true, frame: { ...sent, code: 'internal' } });
  });

  it('does not take inherited property names for known error codes', () => {
    const result = parseServerFrame('{"type":"error","code":"constructor","message":"x"}');
    expect(result.ok && result.frame.type === 'error' && result.frame.code).toBe('internal');
  });

  it('accepts a conversation with no active stream, given as null', () => {
    const [, idle] = serverFramesByType.conversation;
    expect(idle?.activeStream).toBeNull();
    expect(parseServerFrame(JSON.stringify(idle)).ok).toBe(true);
  });

  it('names the path of a bad element deep in an array', () => {
    const frame = serverFramesByType.conversation[0];
    const broken = JSON.parse(JSON.stringify(frame)) as { messages: { createdAt: unknown }[] };
    broken.messages[1]!.createdAt = -5;
    const result = parseServerFrame(JSON.stringify(broken));
    expect(!result.ok && result.error.message).toContain('`messages[1].createdAt` must be an integer >= 0, got number -5');
  });
});
