import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import { ConversationList } from '@rejoin/ui/vue';
import type { KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/ConversationList', component: ConversationList } satisfies Meta;
export default meta;
type Story = StoryObj;

const onSelect = fn();
const onNew = fn();
const list = ({ conversations, activeId }: KitProps) =>
  h('div', { style: { width: '280px' } }, [h(ConversationList, { items: conversations, activeId, onSelect, onNew })]);

export const StreamingDot: Story = { ...kitStory('backgroundStreaming', list), name: 'Streaming dot on a background conversation' };
export const Empty: Story = { ...kitStory('connecting', list), name: 'Empty' };
