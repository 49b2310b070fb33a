import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { encodeFrame } from '../../protocol/coreProtocol.ts';
import { MemoryStreamStore } from '../../stores/memory/MemoryStreamStore.ts';
import type { StreamEvent } from '../../stores/StreamStore.ts';
import { ConversationSubscription } from '../ConversationSubscription.ts';
import { StreamFrameEncoder } from '../StreamFrameEncoder.ts';
import { streamEventFrame } from '../streamFrames.ts';

const meta = { conversationId: 'c1', messageId: 'm1', ownerId: 'u1', replyTo: 'q1', index: 1, startedAt: 0 };

describe('StreamFrameEncoder', () => {
  it('encodes a chunk exactly as encodeFrame encodes its frame', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), fc.string({ unit: 'grapheme' }), (conversationId, messageId, seq, text) => {
        const event: StreamEvent = { type: 'chunk', seq, text };
        const { frame, text: encoded } = new StreamFrameEncoder().forStream(conversationId, messageId, 2)(event);
        expect(frame).toEqual(streamEventFrame(conversationId, messageId, event, 2));
        expect(encoded).toBe(encodeFrame(frame));
      }),
    );
  });

  it('encodes a stream end as encodeFrame does', () => {
    const event: StreamEvent = { type: 'end', finishReason: 'error', lastSeq: 3, error: 'The model failed.' };
    const { frame, text } = new StreamFrameEncoder().forStream('c1', 'm1', 2)(event);
    expect(text).toBe(encodeFrame(frame));
  });

  it('gives every follower of a stream the same frame and text for an event, encoded once', async () => {
    const streams = new MemoryStreamStore();
    const encoder = new StreamFrameEncoder();
    await streams.create(meta);
    const received: Array<{ frame: unknown; text: string | undefined }> = [];
    for (let follower = 0; follower < 3; follower += 1) {
      const subscription = new ConversationSubscription('c1', streams, (frame, text) => received.push({ frame, text }), () => {}, encoder, 2);
      await subscription.follow('m1', 0);
    }
    const stringify = vi.spyOn(JSON, 'stringify');
    await streams.append('m1', 1, 'Hello');
    const calls = stringify.mock.calls.length;
    stringify.mockRestore();

    expect(received).toHaveLength(3);
    expect(received[0]?.text).toBe('{"type":"chunk","conversationId":"c1","messageId":"m1","seq":1,"text":"Hello"}');
    expect(new Set(received.map(({ frame }) => frame)).size).toBe(1);
    expect(new Set(received.map(({ text }) => text)).size).toBe(1);
    // The chunk's text, once: not once per follower.
    expect(calls).toBe(1);
  });

  it('does not mistake one stream for another when both see equal events', () => {
    const encoder = new StreamFrameEncoder();
    const event: StreamEvent = { type: 'chunk', seq: 1, text: 'same' };
    const first = encoder.forStream('c1', 'm1', 2)(event);
    const second = encoder.forStream('c1', 'm2', 2)(event);
    expect(second.frame.messageId).toBe('m2');
    expect(second.text).not.toBe(first.text);
  });

  it('sends a part event as a part to a v2 follower and as an empty text to a v1 follower of the same stream', () => {
    const encoder = new StreamFrameEncoder();
    const part = { kind: 'source', sourceId: 's1', url: 'https://example.com' } as const;
    const event: StreamEvent = { type: 'chunk', seq: 4, text: '', part };
    const v2 = encoder.forStream('c1', 'm1', 2)(event);
    const v1 = encoder.forStream('c1', 'm1', 1)(event);
    expect(v2.frame).toEqual({ type: 'chunk', conversationId: 'c1', messageId: 'm1', seq: 4, part });
    expect(v1.frame).toEqual({ type: 'chunk', conversationId: 'c1', messageId: 'm1', seq: 4, text: '' });
    expect([v2.text, v1.text]).toEqual([encodeFrame(v2.frame), encodeFrame(v1.frame)]);
  });
});
