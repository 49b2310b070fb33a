import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { ProcessingIndicator } from '@rejoin/ui/vue';
import type { KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/ProcessingIndicator', component: ProcessingIndicator } satisfies Meta;
export default meta;
type Story = StoryObj;

const indicator = ({ processing, waitingForConnection }: KitProps) => h(ProcessingIndicator, { processing, pending: waitingForConnection });

export const Processing: Story = { ...kitStory('streaming', indicator), name: 'Processing' };
export const Queued: Story = { ...kitStory('queuedOffline', indicator), name: 'Waiting for connection (queued messages)' };
export const Idle: Story = { ...kitStory('connectedIdle', indicator), name: 'Idle (empty)' };
