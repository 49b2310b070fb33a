import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import { StopButton } from '@rejoin/ui/vue';
import type { KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/StopButton', component: StopButton } satisfies Meta;
export default meta;
type Story = StoryObj;

const onStop = fn();
const button = ({ processing }: KitProps) => h(StopButton, { processing, onStop });

export const WhileStreaming: Story = { ...kitStory('streaming', button), name: 'Enabled while streaming' };
export const Queued: Story = {
  ...kitStory('queuedOffline', ({ processing, waitingForConnection }) => h(StopButton, { processing: processing || waitingForConnection, onStop })),
  name: 'Enabled for queued messages (cancels their send)',
};
export const Idle: Story = { ...kitStory('connectedIdle', button), name: 'Disabled when idle' };
