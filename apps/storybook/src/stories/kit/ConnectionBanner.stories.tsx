import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { ConnectionBanner } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/ConnectionBanner', component: ConnectionBanner } satisfies Meta;
export default meta;
type Story = StoryObj;

const onRetry = fn();
const banner = (scenario: Parameters<typeof kitStory>[0]) => kitStory(scenario, ({ banner: props }) => <ConnectionBanner {...props} onRetry={onRetry} />);

export const Connecting: Story = { ...banner('connecting'), name: 'Connecting' };
export const Retrying: Story = { ...banner('backoffCountdown'), name: 'Retrying in N s' };
export const OfflineWithQueue: Story = { ...banner('queuedOffline'), name: 'Offline, messages queued' };
export const Failed: Story = { ...banner('failed'), name: 'Failed' };
