import { describe, expect, it } from 'vitest';
import { leafMachineStateIds } from '../scenarios/machineStates.ts';
import { scenarioNames } from '../scenarios/scenarioCatalog.ts';
import { storyCoverage, storyDeclarations } from '../scenarios/storyCoverage.ts';

const stories = storyDeclarations(import.meta.glob('../stories/**/*.stories.tsx', { eager: true }));

/** The situations the issue names; the catalog must keep a scenario (and so a story) for each. */
const namedSituations = [
  'idle',
  'connecting',
  'connectedIdle',
  'streaming',
  'backgroundStreaming',
  'queuedOffline',
  'backoffCountdown',
  'restoring',
  'merging',
  'stopped',
  'failed',
  'streamLost',
  'storageCorrupted',
  'sendCancelled',
  'conversationUnavailable',
];

describe('the React Storybook', () => {
  it('has a story for every state of the chat machine', () => {
    expect(storyCoverage(stories).statesWithoutStory).toEqual([]);
    // Guard the guard: the machine really has the states the stories are held to.
    expect(leafMachineStateIds()).toContain('rejoin.connected.ready.streaming');
  });

  it('has a story for every named situation, each declaring the state its scenario reaches', () => {
    expect(scenarioNames).toEqual(expect.arrayContaining(namedSituations));
    const coverage = storyCoverage(stories);
    expect(coverage.scenariosWithoutStory).toEqual([]);
    expect(coverage.wrongDeclarations).toEqual([]);
  });

  it('would fail, naming the state, if a state lost its story', () => {
    const withoutStreaming = stories.filter((story) => story.machineState !== 'rejoin.connected.ready.streaming');
    expect(storyCoverage(withoutStreaming).statesWithoutStory).toEqual(['rejoin.connected.ready.streaming']);
  });
});
