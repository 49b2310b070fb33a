import { h } from 'vue';
import type { StoryObj } from '@storybook/vue3-vite';
import { scenarios, type Scenario, type ScenarioName } from '../../../storybook/src/scenarios/scenarioCatalog.ts';
import { interactions, stateChecks, type InteractionName } from '../../../storybook/src/scenarios/storyPlays.ts';
import ScenarioScreen from '../screen/ScenarioScreen.vue';

const screenFor = (scenario: Scenario, summary: string) => ({ render: () => h(ScenarioScreen, { scenario, summary }) });

/**
 * A state story: built by the scenario shared with the React Storybook (a real client driven on
 * the fake server), declared with the machine state it shows, checked by the shared play.
 */
export function stateStory(name: ScenarioName): StoryObj {
  const scenario = scenarios[name];
  return {
    parameters: { machineState: scenario.machineState, scenario: name },
    loaders: [() => ({ scenario: scenario.build() })],
    render: (_args, { loaded }) => screenFor(loaded['scenario'] as Scenario, scenario.summary),
    play: stateChecks[name],
  };
}

/** A transition story: starts from a scenario's state and plays a user's move. */
export function interactionStory(name: InteractionName): StoryObj {
  const { from, play } = interactions[name];
  const scenario = scenarios[from];
  return {
    parameters: { startsFrom: from },
    loaders: [() => ({ scenario: scenario.build() })],
    render: (_args, { loaded }) => screenFor(loaded['scenario'] as Scenario, scenario.summary),
    play,
  };
}
