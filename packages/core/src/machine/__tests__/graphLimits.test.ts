import { describe, expect, it } from 'vitest';
import { fromCallback, setup } from 'xstate';
import { createTestModel, getAdjacencyMap } from 'xstate/graph';

// Why the timers stay named events answered by the client's timer driver (chatTimers.ts) and the
// socket stays a driver beside the actor, rather than `after` + `delays` and an invoked callback
// actor: the model-based test (chatMachine.model.test.ts) is built with `createTestModel`, which
// refuses both. If an xstate upgrade lifts that, these tests fail: then move to `after`/`invoke`.
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

describe('xstate/graph and the XState features the machine does not use yet', () => {
  it('refuses to build a test model of a machine with a delayed transition', () => {
    expect(() => createTestModel(delayed, { events: [{ type: 'GO' }] })).toThrow('After events on test machines are not supported');
  });

  it('refuses to build a test model of a machine that invokes an actor', () => {
    expect(() => createTestModel(invoking, { events: [{ type: 'GO' }] })).toThrow('Invocations on test machines are not supported');
  });

  it('walks a delayed transition with the lower-level getAdjacencyMap when its xstate.after event is in the alphabet', () => {
    const after = { type: 'xstate.after.timeout.(machine).b' } as unknown as { type: 'GO' };
    const reached = (events: { type: 'GO' | 'BACK' }[]) =>
      Object.values(getAdjacencyMap(delayed, { events })).map((entry) => entry.state.value).sort();
    expect(reached([{ type: 'GO' }, { type: 'BACK' }])).toEqual(['a', 'b']);
    expect(reached([{ type: 'GO' }, { type: 'BACK' }, after])).toEqual(['a', 'b', 'c']);
  });
});
