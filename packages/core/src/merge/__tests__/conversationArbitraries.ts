// fast-check arbitraries for the simulation: a canonical script and an adversarial schedule.
import fc from 'fast-check';
import type { NetworkAction } from './simulatedNetwork.ts';
import type { Turn } from './simulatedConversation.ts';

/**
 * A script of 1 to `maxTurns` exchanges. Replies of 0 to 6 chunks, most complete, some stopped
 * or failed. `otherTabs`: some user messages are typed in another tab.
 */
export function scriptArbitrary(options: { maxTurns: number; otherTabs: boolean }): fc.Arbitrary<Turn[]> {
  const turn = fc.record({
    fromOtherTab: options.otherTabs ? fc.boolean() : fc.constant(false),
    // Up to 8 events: a reply goes through every kind of event of the cycle (simulatedConversation.ts).
    chunkCount: fc.nat({ max: 8 }),
    finishReason: fc.constantFrom('complete', 'complete', 'stopped', 'error'),
  });
  return fc.array(turn, { minLength: 1, maxLength: options.maxTurns }).map((turns) =>
    turns.map((t, i): Turn => ({ ...t, userId: `u${i}`, userText: `question ${i}`, replyId: `a${i}` })),
  );
}

/**
 * A schedule of network actions. `connectionLoss`: the connection may drop (losing every frame in
 * flight) and reconnect; without it, frames are only reordered and duplicated.
 */
export function scheduleArbitrary(options: { connectionLoss: boolean; maxLength: number }): fc.Arbitrary<NetworkAction[]> {
  const pick = fc.nat({ max: 7 });
  const actions: fc.WeightedArbitrary<NetworkAction>[] = [
    // Bursts of server steps keep several frames in flight, so there is something to reorder.
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('server' as const), steps: fc.integer({ min: 1, max: 5 }) }) },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick, batch: fc.integer({ min: 1, max: 4 }) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick, offset: fc.nat({ max: 5 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'load' } as const) },
  ];
  if (options.connectionLoss) {
    actions.push(
      { weight: 1, arbitrary: fc.constant({ kind: 'drop' } as const) },
      { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' } as const) },
    );
  }
  // size 'max': without it fast-check keeps arrays to about 10 actions, too few to finish a script.
  return fc.array(fc.oneof(...actions), { maxLength: options.maxLength, size: 'max' });
}
