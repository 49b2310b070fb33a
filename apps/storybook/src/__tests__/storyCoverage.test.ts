import { describe, expect, it } from 'vitest';
import { leafMachineStateIds } from '../scenarios/machineStates.ts';
import { partStates } from '../scenarios/partExamples.ts';
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
  // The issue "Message parts": a research reply at each moment.
  'researchReasoning',
  'researchToolInput',
  'researchApprovalPending',
  'researchApproved',
  'researchDenied',
  'researchComplete',
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

  it('has a story for every message part state (each tool call state, reasoning, sources, files, data)', () => {
    const coverage = storyCoverage(stories);
    expect(coverage.partStatesWithoutStory).toEqual([]);
    expect(partStates).toEqual(expect.arrayContaining(['tool-call/approval-requested', 'tool-call/output-denied', 'reasoning/collapsed', 'data/json-fallback']));
  });

  it('would fail, naming the part state, if a part state lost its story or a story named an unknown one', () => {
    const withoutDenied = stories.filter((story) => story.partState !== 'tool-call/output-denied');
    expect(storyCoverage(withoutDenied).partStatesWithoutStory).toEqual(['tool-call/output-denied']);
    const misnamed = [...stories, { story: 'X.stories.tsx > X', machineState: undefined, scenario: undefined, partState: 'tool-call/pending' }];
    expect(storyCoverage(misnamed).wrongDeclarations).toEqual(['X.stories.tsx > X declares tool-call/pending, which is not a message part state']);
  });

  it('would fail, naming the state, if a state lost its story', () => {
    const withoutStreaming = stories.filter((story) => story.machineState !== 'rejoin.connected.ready.streaming');
    expect(storyCoverage(withoutStreaming).statesWithoutStory).toEqual(['rejoin.connected.ready.streaming']);
  });
});
