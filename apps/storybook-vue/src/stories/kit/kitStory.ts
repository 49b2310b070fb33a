import type { VNode } from 'vue';
import type { StoryObj } from '@storybook/vue3-vite';
import { loadKitProps, type KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import type { ScenarioName } from '../../../../storybook/src/scenarios/scenarioCatalog.ts';

/**
 * A kit story whose props are read off a real snapshot: the scenario drives a client into a
 * state, the core's selectors turn it into the component's props (the same as the React kit stories).
 */
export function kitStory(scenario: ScenarioName, render: (props: KitProps) => VNode): StoryObj {
  return {
    parameters: { propsFromScenario: scenario },
    loaders: [() => loadKitProps(scenario)],
    render: (_args, { loaded }) => ({ render: () => render(loaded['props'] as KitProps) }),
  };
}
