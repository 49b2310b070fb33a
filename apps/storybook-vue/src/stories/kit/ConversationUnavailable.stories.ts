import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import { ConversationUnavailable } from '@rejoin/ui/vue';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/ConversationUnavailable', component: ConversationUnavailable } satisfies Meta;
export default meta;
type Story = StoryObj;

const onBack = fn();

export const Unavailable: Story = { ...kitStory('conversationUnavailable', () => h(ConversationUnavailable, { onBack })), name: 'Not available, with a way back' };
