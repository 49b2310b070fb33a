import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { ConversationList } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/ConversationList', component: ConversationList } satisfies Meta;
export default meta;
type Story = StoryObj;

const onSelect = fn();
const onNew = fn();

export const StreamingDot: Story = {
  ...kitStory('backgroundStreaming', ({ conversations, activeId }) => (
    <div style={{ width: 280 }}>
      <ConversationList items={conversations} activeId={activeId} onSelect={onSelect} onNew={onNew} />
    </div>
  )),
  name: 'Streaming dot on a background conversation',
};
export const Empty: Story = {
  ...kitStory('connecting', ({ conversations, activeId }) => (
    <div style={{ width: 280 }}>
      <ConversationList items={conversations} activeId={activeId} onSelect={onSelect} onNew={onNew} />
    </div>
  )),
  name: 'Empty',
};
