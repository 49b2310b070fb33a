import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { Message, MessageList } from '@rejoin/ui/vue';
import type { KitProps } from '../../../../storybook/src/scenarios/kitProps.ts';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/MessageList', component: MessageList, parameters: { layout: 'fullscreen' } } satisfies Meta;
export default meta;
type Story = StoryObj;

function list({ messages, loading }: KitProps) {
  const byId = new Map(messages.map((message) => [message.id, message]));
  return h('div', { style: { display: 'flex', height: '100vh' } }, [
    h(
      MessageList,
      { messageIds: messages.map((message) => message.id), loading },
      {
        message: ({ messageId }: { messageId: string }) => {
          const message = byId.get(messageId);
          return message === undefined ? null : h(Message, { message });
        },
      },
    ),
  ]);
}

export const Streaming: Story = { ...kitStory('streaming', list), name: 'Streaming, with a caret' };
export const Stopped: Story = { ...kitStory('stopped', list), name: 'Stopped reply' };
export const Interrupted: Story = { ...kitStory('streamLost', list), name: 'Interrupted reply' };
export const Queued: Story = { ...kitStory('queuedOffline', list), name: 'Queued messages' };
export const Loading: Story = { ...kitStory('connecting', list), name: 'Loading' };
