import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectConsistent } from './clientInvariants.ts';
import { scheduleArbitrary, scriptArbitrary } from './conversationArbitraries.ts';
import { SimulatedClient } from './simulatedClient.ts';
import { SimulatedConversation, type Turn } from './simulatedConversation.ts';
import { SimulatedNetwork, type NetworkAction } from './simulatedNetwork.ts';

const numRuns = Number(process.env.FAST_CHECK_RUNS ?? 1000);

interface Simulation {
  readonly turns: readonly Turn[];
  readonly schedule: readonly NetworkAction[];
  readonly window: number;
  readonly retentionSteps: number;
}

/**
 * Plays a script against an adversarial schedule, checking the client's invariants after every
 * delivery, then settles (optionally through one last reconnect) and returns both ends.
 */
function simulate({ turns, schedule, window, retentionSteps }: Simulation, finalReconnect: boolean) {
  const server = new SimulatedConversation(turns, retentionSteps);
  const client = new SimulatedClient(server.conversationId);
  const canonical = new Map(server.canonical().map((m) => [m.id, m]));
  let previous = client.conversation;
  const network = new SimulatedNetwork(server, client, window, () => {
    expectConsistent(canonical, client.conversation, previous);
    previous = client.conversation;
  });
  for (const action of schedule) network.run(action);
  network.settle(finalReconnect);
  return { server, client };
}

function expectCanonical({ server, client }: ReturnType<typeof simulate>): void {
  const { messages, stream, status } = client.conversation;
  expect(messages.map(({ id, role, text, parts, status, index }) => ({ id, role, text, parts, status, index }))).toEqual(
    server.canonical(),
  );
  expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
  expect(stream).toBeNull();
  expect(status).toBe(server.status);
  expect(client.outbox).toEqual([]);
}

// Bounded and synchronous: no timer can stop it mid-run, so a wall-clock limit would only measure
// how busy the machine is (the model walk took 4 s quiet and 21 s loaded). No per-test timeout.
describe('merging an adversarial delivery', { timeout: 0 }, () => {
  it('settles on the server conversation whatever is duplicated, reordered, lost with the connection, replayed or loaded', () => {
    const simulation = fc.record({
      turns: scriptArbitrary({ maxTurns: 4, otherTabs: true }),
      schedule: scheduleArbitrary({ connectionLoss: true, maxLength: 120 }),
      window: fc.integer({ min: 1, max: 4 }),
      retentionSteps: fc.constantFrom(Number.POSITIVE_INFINITY, 0, 3),
    });
    fc.assert(
      fc.property(simulation, (s) => {
        const result = simulate(s, true);
        expectCanonical(result);
        expect(result.client.conversation.loaded).toBe(true);
      }),
      { numRuns },
    );
  });

  it('settles on the server conversation without any reload when frames are only duplicated and reordered, stale loads included', () => {
    const simulation = fc.record({
      turns: scriptArbitrary({ maxTurns: 4, otherTabs: false }),
      schedule: scheduleArbitrary({ connectionLoss: false, maxLength: 120 }),
      window: fc.integer({ min: 1, max: 4 }),
      retentionSteps: fc.constant(Number.POSITIVE_INFINITY),
    });
    fc.assert(
      fc.property(simulation, (s) => {
        expectCanonical(simulate(s, false));
      }),
      { numRuns },
    );
  });

  it('settles when the delivery is perfectly in order, one frame at a time', () => {
    fc.assert(
      fc.property(scriptArbitrary({ maxTurns: 4, otherTabs: false }), (turns) => {
        expectCanonical(simulate({ turns, schedule: [], window: 1, retentionSteps: Number.POSITIVE_INFINITY }, false));
      }),
      { numRuns: Math.max(1, Math.floor(numRuns / 10)) },
    );
  });
});
