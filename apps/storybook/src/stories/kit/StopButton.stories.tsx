import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { StopButton } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/StopButton', component: StopButton } satisfies Meta;
export default meta;
type Story = StoryObj;

const onStop = fn();

export const WhileStreaming: Story = { ...kitStory('streaming', ({ processing }) => <StopButton processing={processing} onStop={onStop} />), name: 'Enabled while streaming' };
export const Queued: Story = {
  ...kitStory('queuedOffline', ({ processing, waitingForConnection }) => <StopButton processing={processing || waitingForConnection} onStop={onStop} />),
  name: 'Enabled for queued messages (cancels their send)',
};
export const Idle: Story = { ...kitStory('connectedIdle', ({ processing }) => <StopButton processing={processing} onStop={onStop} />), name: 'Disabled when idle' };
