import type { ServerFrame } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { createChaosDelivery } from '../createChaosDelivery.ts';

const chunk = (seq: number): ServerFrame => ({ type: 'chunk', conversationId: 'c', messageId: 'm', seq, text: `${seq}` });
const end: ServerFrame = { type: 'message_end', conversationId: 'c', messageId: 'm', finishReason: 'complete', lastSeq: 200 };

function deliverAll(seed: number, rates: { duplicateRate: number; reorderRate: number }) {
  const chaos = createChaosDelivery({ seed, ...rates });
  const received: ServerFrame[] = [];
  const deliver = (frame: ServerFrame) => received.push(frame);
  for (let seq = 1; seq <= 200; seq += 1) chaos.intercept(chunk(seq), deliver);
  chaos.intercept(end, deliver);
  chaos.setEnabled(false); // releases anything still held
  return { received, stats: chaos.stats };
}

const seqs = (frames: readonly ServerFrame[]) => frames.map((frame) => (frame.type === 'chunk' ? frame.seq : frame.type));

describe('the chaos delivery mode (test only)', () => {
  it('duplicates and reorders chunks but never drops one', () => {
    const { received, stats } = deliverAll(7, { duplicateRate: 0.2, reorderRate: 0.2 });
    expect(stats.duplicated).toBeGreaterThan(0);
    expect(stats.reordered).toBeGreaterThan(0);
    expect(received).toHaveLength(201 + stats.duplicated);
    const delivered = new Set(received.flatMap((frame) => (frame.type === 'chunk' ? [frame.seq] : [])));
    expect(delivered.size).toBe(200);
    expect(seqs(received)).not.toEqual([...Array.from({ length: 200 }, (_, index) => index + 1), 'message_end']);
  });

  it('replays the same chaos for the same seed, and passes frames through untouched when the rates are 0', () => {
    expect(seqs(deliverAll(42, { duplicateRate: 0.1, reorderRate: 0.1 }).received)).toEqual(
      seqs(deliverAll(42, { duplicateRate: 0.1, reorderRate: 0.1 }).received),
    );
    expect(seqs(deliverAll(42, { duplicateRate: 0, reorderRate: 0 }).received)).toEqual([
      ...Array.from({ length: 200 }, (_, index) => index + 1),
      'message_end',
    ]);
  });
});
