import type { StoryObj } from '@storybook/react-vite';
import type { Scenario, ScenarioName } from '../scenarios/scenarioCatalog.ts';
import { scenarios } from '../scenarios/scenarioCatalog.ts';
import { interactions, stateChecks, type InteractionName } from '../scenarios/storyPlays.ts';
import { ScenarioScreen } from '../screen/ScenarioScreen.tsx';

/**
 * A state story: built by the scenario (a real client driven on the fake server), declared with
 * the machine state it shows so the completeness test can hold every state to a story, and
 * checked by the shared play function.
 */
export function stateStory(name: ScenarioName): StoryObj {
  const scenario = scenarios[name];
  return {
    parameters: {
      machineState: scenario.machineState,
      scenario: name,
    },
    loaders: [() => ({ scenario: scenario.build() })],
    render: (_args, { loaded }) => <ScenarioScreen scenario={loaded['scenario'] as Scenario} summary={scenario.summary} />,
    play: stateChecks[name],
  };
}

/**
 * A transition story: starts from a scenario's state and plays a user's move (stop, retry, switch,
 * ...). It declares where it starts, not a machine state, since it ends somewhere else.
 */
export function interactionStory(name: InteractionName): StoryObj {
  const { from, play } = interactions[name];
  const scenario = scenarios[from];
  return {
    parameters: { startsFrom: from },
    loaders: [() => ({ scenario: scenario.build() })],
    render: (_args, { loaded }) => <ScenarioScreen scenario={loaded['scenario'] as Scenario} summary={scenario.summary} />,
    play,
  };
}
