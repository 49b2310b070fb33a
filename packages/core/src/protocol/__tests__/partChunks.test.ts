import { describe, expect, it } from 'vitest';
import type { PartEvent } from '../../model/parts.ts';
import { parseClientFrame } from '../parseClientFrame.ts';
import { parseServerFrame } from '../parseServerFrame.ts';
import { PART_EVENT_KINDS } from '../partShapes.ts';

const envelope = { type: 'chunk', conversationId: 'cv_1', messageId: 'as_1', seq: 4 } as const;

/** A valid event of every kind, and for each a way to break it. */
const cases: { readonly [K in PartEvent['kind']]: { valid: Extract<PartEvent, { kind: K }>; broken: object } } = {
  'reasoning-delta': { valid: { kind: 'reasoning-delta', delta: 'think' }, broken: { kind: 'reasoning-delta', delta: 3 } },
  'reasoning-end': { valid: { kind: 'reasoning-end' }, broken: { kind: 'reasoning_end' } },
  'tool-input-start': {
    valid: { kind: 'tool-input-start', toolCallId: 'call_1', toolName: 'search' },
    broken: { kind: 'tool-input-start', toolCallId: 'call 1', toolName: 'search' },
  },
  'tool-input-delta': {
    valid: { kind: 'tool-input-delta', toolCallId: 'call_1', delta: '{"q":' },
    broken: { kind: 'tool-input-delta', toolCallId: 'call_1' },
  },
  'tool-input-available': {
    valid: { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'search', input: { q: 'x' } },
    broken: { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'search' },
  },
  'tool-approval-request': { valid: { kind: 'tool-approval-request', toolCallId: 'call_1' }, broken: { kind: 'tool-approval-request' } },
  'tool-approval-response': {
    valid: { kind: 'tool-approval-response', toolCallId: 'call_1', approved: false, reason: 'no' },
    broken: { kind: 'tool-approval-response', toolCallId: 'call_1', approved: 'no' },
  },
  'tool-output': {
    valid: { kind: 'tool-output', toolCallId: 'call_1', output: null },
    broken: { kind: 'tool-output', toolCallId: 'call_1' },
  },
  'tool-error': {
    valid: { kind: 'tool-error', toolCallId: 'call_1', errorText: 'boom' },
    broken: { kind: 'tool-error', toolCallId: 'call_1', errorText: { message: 'boom' } },
  },
  'tool-denied': { valid: { kind: 'tool-denied', toolCallId: 'call_1' }, broken: { kind: 'tool-denied', toolCallId: 7 } },
  source: {
    valid: { kind: 'source', sourceId: 's1', url: 'https://example.com', title: 'Example' },
    broken: { kind: 'source', sourceId: 's1' },
  },
  file: {
    valid: { kind: 'file', url: 'https://files.example/a.png', mediaType: 'image/png' },
    broken: { kind: 'file', url: 'https://files.example/a.png', mediaType: 'image/png', filename: null },
  },
  data: { valid: { kind: 'data', name: 'weather', data: { celsius: 18 }, id: 'w1' }, broken: { kind: 'data', data: 1 } },
};

describe('part chunks (protocol v2)', () => {
  it('has a case for every part event kind', () => {
    expect(Object.keys(cases).sort()).toEqual([...PART_EVENT_KINDS].sort());
  });

  it.each(Object.entries(cases))('accepts a valid %s event as the chunk itself', (_kind, { valid }) => {
    const result = parseServerFrame(JSON.stringify({ ...envelope, part: valid }));
    expect(result).toEqual({ ok: true, frame: { ...envelope, part: valid } });
  });

  it.each(Object.entries(cases))('refuses a broken %s event and salvages its seq as an empty text chunk', (_kind, { broken }) => {
    const result = parseServerFrame(JSON.stringify({ ...envelope, part: broken }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('protocol/malformed');
    expect(result.error.message).toMatch(/^\[rejoin\] Dropped a "chunk" server frame: `part/);
    expect(result.salvaged).toEqual({ ...envelope, text: '' });
  });

  it('refuses a chunk with both text and part, and one with neither, salvaging the seq', () => {
    for (const payload of [{ text: 'a', part: { kind: 'reasoning-end' } }, {}]) {
      const result = parseServerFrame(JSON.stringify({ ...envelope, ...payload }));
      expect(result.ok ? 'accepted' : result.error.code).toBe('protocol/malformed');
      expect(!result.ok && result.salvaged).toEqual({ ...envelope, text: '' });
    }
  });

  it('salvages nothing when the envelope itself is bad: there is no seq to consume', () => {
    const result = parseServerFrame(JSON.stringify({ ...envelope, seq: 0, part: { kind: 'reasoning-end' } }));
    expect(!result.ok && result.salvaged).toBeUndefined();
    expect(result.ok).toBe(false);
  });

  it('accepts history messages with parts of every type and refuses an unknown tool state', () => {
    const message = {
      id: 'as_1',
      role: 'assistant',
      text: 'done',
      status: 'complete',
      createdAt: 1,
      seq: 6,
      parts: [
        { type: 'reasoning', text: 'hm', done: true },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'x', state: 'output-denied', inputText: '{}', approval: { approved: false } },
        { type: 'source', sourceId: 's', url: 'https://e.x' },
        { type: 'file', url: 'https://e.x/f', mediaType: 'text/plain' },
        { type: 'data', name: 'anything', data: [1, 2] },
        { type: 'text', text: 'done' },
      ],
    };
    const frame = { type: 'conversation', conversationId: 'cv_1', status: 'idle', messages: [message], activeStream: null };
    expect(parseServerFrame(JSON.stringify(frame)).ok).toBe(true);
    const bad = { ...frame, messages: [{ ...message, parts: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'x', state: 'paused', inputText: '' }] }] };
    const result = parseServerFrame(JSON.stringify(bad));
    expect(!result.ok && result.error.message).toContain('messages[0].parts[0].state');
  });

  it('checks send.files and approve on the server side', () => {
    const send = { type: 'send', conversationId: 'cv_1', messageId: 'us_1', text: 'see', files: [{ url: 'u', mediaType: 'image/png' }] };
    expect(parseClientFrame(JSON.stringify(send)).ok).toBe(true);
    const noMediaType = parseClientFrame(JSON.stringify({ ...send, files: [{ url: 'u' }] }));
    expect(!noMediaType.ok && noMediaType.error.message).toContain('files[0].mediaType');
    const approve = { type: 'approve', conversationId: 'cv_1', messageId: 'as_1', toolCallId: 'call_1', approved: true };
    expect(parseClientFrame(JSON.stringify(approve)).ok).toBe(true);
    expect(parseClientFrame(JSON.stringify({ ...approve, toolCallId: undefined })).ok).toBe(false);
  });

  it('accepts v1 and v2 in hello and welcome, and refuses v3', () => {
    for (const v of [1, 2]) expect(parseClientFrame(JSON.stringify({ type: 'hello', v, clientId: 'cl_1', cursors: [] })).ok).toBe(true);
    const v3 = parseClientFrame(JSON.stringify({ type: 'hello', v: 3, clientId: 'cl_1', cursors: [] }));
    expect(v3.ok ? 'accepted' : v3.error.code).toBe('protocol/unsupported_version');
  });
});
