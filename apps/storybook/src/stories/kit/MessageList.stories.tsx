import type { Meta, StoryObj } from '@storybook/react-vite';
import { Message, MessageList } from '@rejoin/ui/react';
import type { KitProps } from '../../scenarios/kitProps.ts';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/MessageList', component: MessageList, parameters: { layout: 'fullscreen' } } satisfies Meta;
export default meta;
type Story = StoryObj;

function list({ messages, loading }: KitProps) {
  const byId = new Map(messages.map((message) => [message.id, message]));
  return (
    <div style={{ display: 'flex', height: '100vh' }}>
      <MessageList
        messageIds={messages.map((message) => message.id)}
        loading={loading}
        renderMessage={(id) => {
          const message = byId.get(id);
          return message === undefined ? null : <Message message={message} />;
        }}
      />
    </div>
  );
}

export const Streaming: Story = { ...kitStory('streaming', list), name: 'Streaming, with a caret' };
export const Stopped: Story = { ...kitStory('stopped', list), name: 'Stopped reply' };
export const Interrupted: Story = { ...kitStory('streamLost', list), name: 'Interrupted reply' };
export const Queued: Story = { ...kitStory('queuedOffline', list), name: 'Queued messages' };
export const Loading: Story = { ...kitStory('connecting', list), name: 'Loading' };
