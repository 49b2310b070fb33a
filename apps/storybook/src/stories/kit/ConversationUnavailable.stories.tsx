import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { ConversationUnavailable } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/ConversationUnavailable', component: ConversationUnavailable } satisfies Meta;
export default meta;
type Story = StoryObj;

const onBack = fn();

export const Unavailable: Story = { ...kitStory('conversationUnavailable', () => <ConversationUnavailable onBack={onBack} />), name: 'Not available, with a way back' };
