import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import { Composer, StopButton } from '@rejoin/ui/vue';
import type { KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/Composer', component: Composer } satisfies Meta;
export default meta;
type Story = StoryObj;

const onSend = fn();
const onStop = fn();
const composer = ({ pending, processing }: KitProps) =>
  h(Composer, { pending, onSend }, { actions: () => h(StopButton, { processing, onStop }) });

export const Ready: Story = { ...kitStory('connectedIdle', composer), name: 'Ready' };
export const WithQueuedMessages: Story = { ...kitStory('queuedOffline', composer), name: 'With queued messages' };
export const WhileStreaming: Story = { ...kitStory('streaming', composer), name: 'While a reply streams' };
