import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { stateStory } from './stateStory.ts';

/**
 * In the Vue kit: a reply with message parts (reasoning, tool calls, an approval, sources, data, a file) at each
 * moment, each rendered from a real client that the scenario drove there on the fake server with
 * its scripted research reply and the frozen clock.
 */
const meta = {
  title: 'Research reply',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;

type Story = StoryObj<typeof meta>;

export const Reasoning: Story = { ...stateStory('researchReasoning'), name: 'Reasoning streaming' };
export const ToolInput: Story = { ...stateStory('researchToolInput'), name: 'Tool input streaming' };
export const ApprovalPending: Story = { ...stateStory('researchApprovalPending'), name: 'Approval pending' };
export const Approved: Story = { ...stateStory('researchApproved'), name: 'Approved, continuing' };
export const Denied: Story = { ...stateStory('researchDenied'), name: 'Denied' };
export const Complete: Story = { ...stateStory('researchComplete'), name: 'Complete, with sources, data and a file' };
