import type { HistoryMessage } from '@rejoin/core/protocol';
import type { RespondPiece } from '../Respond.ts';
import { describe, expect, it } from 'vitest';
import { createSimulatedModel } from '../simulatedModel.ts';
import { simulatedReplyTokens } from '../simulatedReply.ts';

const messages: HistoryMessage[] = [{ id: 'u1', role: 'user', text: 'Pace yourself', status: 'complete', createdAt: 0 }];
const conversation = { conversationId: 'c1', messages };

async function collect(iterable: AsyncIterable<RespondPiece>): Promise<RespondPiece[]> {
  const pieces: RespondPiece[] = [];
  for await (const piece of iterable) pieces.push(piece);
  return pieces;
}

describe('createSimulatedModel', () => {
  it('yields the simulated reply token by token', async () => {
    const respond = createSimulatedModel({ tokensPerSecond: Number.POSITIVE_INFINITY });
    const pieces = await collect(respond({ conversation, signal: new AbortController().signal }));
    expect(pieces).toEqual(simulatedReplyTokens(messages));
  });

  it('streams at the configured pace', async () => {
    const tokens = simulatedReplyTokens(messages).length;
    const respond = createSimulatedModel({ tokensPerSecond: 1000 });
    const startedAt = performance.now();
    await collect(respond({ conversation, signal: new AbortController().signal }));
    // One token per millisecond: never faster than that (timers only ever fire late).
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(tokens - 1);
  });

  it('stops yielding once its signal aborts', async () => {
    const controller = new AbortController();
    const respond = createSimulatedModel({ tokensPerSecond: 500 });
    const pieces: RespondPiece[] = [];
    for await (const piece of respond({ conversation, signal: controller.signal })) {
      pieces.push(piece);
      if (pieces.length === 3) controller.abort();
    }
    expect(pieces).toHaveLength(3);
  });

  it('refuses a pace that is not a positive number', () => {
    expect(() => createSimulatedModel({ tokensPerSecond: 0 })).toThrow(/tokensPerSecond/);
  });
});
