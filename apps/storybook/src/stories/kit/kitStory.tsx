import type { ReactNode } from 'react';
import type { StoryObj } from '@storybook/react-vite';
import { loadKitProps, type KitProps } from '../../scenarios/kitProps.ts';
import type { ScenarioName } from '../../scenarios/scenarioCatalog.ts';

/**
 * A kit story whose props are read off a real snapshot: the scenario drives a client into a
 * state, the core's selectors turn it into the component's props.
 */
export function kitStory(scenario: ScenarioName, render: (props: KitProps) => ReactNode): StoryObj {
  return {
    parameters: { propsFromScenario: scenario },
    loaders: [() => loadKitProps(scenario)],
    render: (_args, { loaded }) => <>{render(loaded['props'] as KitProps)}</>,
  };
}
