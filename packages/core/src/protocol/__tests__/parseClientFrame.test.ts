import { describe, expect, it } from 'vitest';
import { parseClientFrame } from '../parseClientFrame.ts';
import { fieldRuleCases } from './fieldRuleCases.ts';
import { clientFramesByType, validClientFrames } from './validFrames.ts';

describe('parseClientFrame', () => {
  it.each(validClientFrames.map((frame) => [frame.type, frame] as const))('accepts a valid %s frame as is', (_, frame) => {
    expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });

  it.each(fieldRuleCases('client').map((rule) => [rule.title, rule] as const))('%s', (_, { raw, expected, path }) => {
    const result = parseClientFrame(raw);
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

  it('accepts a send whose text is as long as the frame limit allows', () => {
    const frame = { ...clientFramesByType.send[0], text: 'w'.repeat(100_000) };
    expect(parseClientFrame(JSON.stringify(frame)).ok).toBe(true);
  });

  it('says in the refusal which frame and field were wrong and what to do', () => {
    const result = parseClientFrame('{"type":"subscribe","conversationId":"cv_1","messageId":"as_1","lastSeq":-2}');
    expect(!result.ok && result.error.message).toBe(
      '[rejoin] Dropped a "subscribe" client frame: `lastSeq` must be an integer >= 0, got number -2. ' +
        'Fix the client that sent it so it follows docs/protocol.md (Rejoin wire protocol v2).',
    );
  });
});
