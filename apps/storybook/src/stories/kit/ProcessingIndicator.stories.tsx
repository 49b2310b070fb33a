import type { Meta, StoryObj } from '@storybook/react-vite';
import { ProcessingIndicator } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/ProcessingIndicator', component: ProcessingIndicator } satisfies Meta;
export default meta;
type Story = StoryObj;

export const Processing: Story = { ...kitStory('streaming', ({ processing }) => <ProcessingIndicator processing={processing} />), name: 'Processing' };
export const Queued: Story = {
  ...kitStory('queuedOffline', ({ processing, waitingForConnection }) => <ProcessingIndicator processing={processing} pending={waitingForConnection} />),
  name: 'Waiting for connection (queued messages)',
};
export const Idle: Story = { ...kitStory('connectedIdle', ({ processing }) => <ProcessingIndicator processing={processing} />), name: 'Idle (empty)' };
