import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { Composer, StopButton } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/Composer', component: Composer } satisfies Meta;
export default meta;
type Story = StoryObj;

const onSend = fn();
const onStop = fn();

export const Ready: Story = {
  ...kitStory('connectedIdle', ({ pending, processing }) => (
    <Composer onSend={onSend} pending={pending} actions={<StopButton processing={processing} onStop={onStop} />} />
  )),
  name: 'Ready',
};
export const WithQueuedMessages: Story = {
  ...kitStory('queuedOffline', ({ pending, processing }) => (
    <Composer onSend={onSend} pending={pending} actions={<StopButton processing={processing} onStop={onStop} />} />
  )),
  name: 'With queued messages',
};
export const WhileStreaming: Story = {
  ...kitStory('streaming', ({ pending, processing }) => (
    <Composer onSend={onSend} pending={pending} actions={<StopButton processing={processing} onStop={onStop} />} />
  )),
  name: 'While a reply streams',
};
