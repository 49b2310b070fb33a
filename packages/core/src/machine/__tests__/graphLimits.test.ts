import { describe, expect, it } from 'vitest';
import { fromCallback, setup, spawnChild, stopChild } from 'xstate';
import { createTestModel, getAdjacencyMap } from 'xstate/graph';

// What xstate/graph does with the XState features the chat machine uses for its timers (`after` on
// named delays) and its socket (a callback actor): `createTestModel` refuses both, the lower-level
// `getAdjacencyMap` walks them. So the model-based test (chatMachine.model.test.ts) is built on
// `getAdjacencyMap` + `getShortestPaths`, with each `xstate.after…` event in its alphabet. If an
// xstate upgrade lets `createTestModel` take them, the first two tests fail: then it may move back.
const base = setup({
  types: { events: {} as { type: 'GO' } | { type: 'BACK' } },
  delays: { timeout: 100 },
  actors: { socket: fromCallback(() => () => {}) },
});
const delayed = base.createMachine({
  initial: 'a',
  states: { a: { on: { GO: 'b' } }, b: { after: { timeout: 'c' }, on: { BACK: 'a' } }, c: {} },
});
const invoking = base.createMachine({
  initial: 'a',
  states: { a: { on: { GO: 'b' } }, b: { invoke: { src: 'socket' }, on: { BACK: 'a' } } },
});
const spawning = base.createMachine({
  initial: 'a',
  states: { a: { on: { GO: 'b' } }, b: { entry: spawnChild('socket', { id: 'socket' }), on: { BACK: 'a' }, exit: stopChild('socket') } },
});

describe('xstate/graph and the delayed transitions and actors of a machine', () => {
  it('createTestModel refuses a machine with a delayed transition', () => {
    expect(() => createTestModel(delayed, { events: [{ type: 'GO' }] })).toThrow('After events on test machines are not supported');
  });

  it('createTestModel refuses a machine that invokes an actor', () => {
    expect(() => createTestModel(invoking, { events: [{ type: 'GO' }] })).toThrow('Invocations on test machines are not supported');
  });

  it('getAdjacencyMap takes a delayed transition when its xstate.after event is in the alphabet, and only then', () => {
    const after = { type: 'xstate.after.timeout.(machine).b' } as unknown as { type: 'GO' };
    const reached = (events: { type: 'GO' | 'BACK' }[]) =>
      Object.values(getAdjacencyMap(delayed, { events })).map((entry) => entry.state.value).sort();
    expect(reached([{ type: 'GO' }, { type: 'BACK' }])).toEqual(['a', 'b']);
    expect(reached([{ type: 'GO' }, { type: 'BACK' }, after])).toEqual(['a', 'b', 'c']);
  });

  it('getAdjacencyMap walks a machine that invokes or spawns an actor, which the snapshot holds as a child', () => {
    for (const machine of [invoking, spawning]) {
      const map = getAdjacencyMap(machine, { events: [{ type: 'GO' }, { type: 'BACK' }] });
      const states = Object.values(map).map((entry) => [entry.state.value, Object.keys(entry.state.children)]);
      expect(states).toEqual([
        ['a', []],
        ['b', [expect.any(String)]],
      ]);
    }
  });
});
