import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import { ConnectionBanner } from '@rejoin/ui/vue';
import type { ScenarioName } from '../../../../storybook/src/scenarios/scenarioCatalog.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/ConnectionBanner', component: ConnectionBanner } satisfies Meta;
export default meta;
type Story = StoryObj;

const onRetry = fn();
const banner = (scenario: ScenarioName) => kitStory(scenario, ({ banner: props }) => h(ConnectionBanner, { ...props, onRetry }));

export const Connecting: Story = { ...banner('connecting'), name: 'Connecting' };
export const Retrying: Story = { ...banner('backoffCountdown'), name: 'Retrying in N s' };
export const OfflineWithQueue: Story = { ...banner('queuedOffline'), name: 'Offline, messages queued' };
export const Failed: Story = { ...banner('failed'), name: 'Failed' };
