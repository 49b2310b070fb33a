import type { Meta, StoryObj } from '@storybook/react-vite';
import { interactionStory } from './stateStory.tsx';

/**
 * The key moves a user makes, each starting from a state story and played as an interaction test:
 * open one to watch the transition happen.
 */
const meta = {
  title: 'Interactions',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;

type Story = StoryObj<typeof meta>;

export const SendMessage: Story = { ...interactionStory('sendMessage'), name: 'Send a message' };
export const StopReply: Story = { ...interactionStory('stopReply'), name: 'Stop a streaming reply' };
export const OpenBackgroundStream: Story = { ...interactionStory('openBackgroundStream'), name: 'Open the conversation streaming in the background' };
export const SendQueueOnReconnect: Story = { ...interactionStory('sendQueueOnReconnect'), name: 'Back online: the queue goes out once' };
export const RetryDuringBackoff: Story = { ...interactionStory('retryDuringBackoff'), name: 'Retry now during the countdown' };
export const MergeArrivingHistory: Story = { ...interactionStory('mergeArrivingHistory'), name: 'History arrives and merges mid-stream' };
export const RetryAfterFailure: Story = { ...interactionStory('retryAfterFailure'), name: 'Retry after failing' };
export const DismissStorageNotice: Story = { ...interactionStory('dismissStorageNotice'), name: 'Dismiss the storage notice' };
