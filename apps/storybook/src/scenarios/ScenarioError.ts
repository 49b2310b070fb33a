import { RejoinError } from '@rejoin/core';

/**
 * A scenario did not reach the state its story promises. Thrown while the story loads, so a story
 * can never silently show the wrong state: the machine or the fake server changed, and the
 * scenario's steps need updating.
 */
export class ScenarioError extends RejoinError {
  override readonly name = 'ScenarioError';

  constructor(scenario: string, problem: string) {
    super(
      'usage/invalid',
      `[rejoin] The "${scenario}" story scenario ${problem}. The machine or the fake server changed: update its steps in apps/storybook/src/scenarios/scenarioCatalog.ts.`,
    );
  }
}
