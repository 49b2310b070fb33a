import type { Meta, StoryObj } from '@storybook/react-vite';
import { stateStory } from './stateStory.tsx';

/**
 * Every state of the chat machine, each rendered from a real client that the scenario drove
 * there on the fake server. The bar on top reads the machine state live.
 */
const meta = {
  title: 'States',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;

type Story = StoryObj<typeof meta>;

export const Idle: Story = { ...stateStory('idle'), name: 'Idle' };
export const Connecting: Story = { ...stateStory('connecting'), name: 'Connecting' };
export const ConnectedIdle: Story = { ...stateStory('connectedIdle'), name: 'Connected and idle' };
export const Streaming: Story = { ...stateStory('streaming'), name: 'Streaming' };
export const BackgroundStreaming: Story = { ...stateStory('backgroundStreaming'), name: 'Streaming in a background conversation' };
export const QueuedOffline: Story = { ...stateStory('queuedOffline'), name: 'Disconnected with queued messages' };
export const BackoffCountdown: Story = { ...stateStory('backoffCountdown'), name: 'Backoff countdown' };
export const Restoring: Story = { ...stateStory('restoring'), name: 'Restoring' };
export const Merging: Story = { ...stateStory('merging'), name: 'Merging history while a stream is halfway' };
export const Stopped: Story = { ...stateStory('stopped'), name: 'Stopped' };
export const Failed: Story = { ...stateStory('failed'), name: 'Failed, with retry' };
export const StreamLost: Story = { ...stateStory('streamLost'), name: 'Stream lost after a server restart' };
export const StorageCorrupted: Story = { ...stateStory('storageCorrupted'), name: 'Storage corrupted' };
export const SendCancelled: Story = { ...stateStory('sendCancelled'), name: 'Stop pressed offline: the send is cancelled' };
export const ConversationUnavailable: Story = { ...stateStory('conversationUnavailable'), name: 'Conversation not available' };
export const Disposed: Story = { ...stateStory('disposed'), name: 'Disposed' };
