import { h, type VNode } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { fn } from 'storybook/test';
import type { ChatMessage, DataPart, MessagePart, ToolCallState } from '@rejoin/core';
import { Message, Reasoning, type DataRenderers } from '@rejoin/ui/vue';
import {
  fileExamples,
  partsMessage,
  reasoningExamples,
  researchReply,
  sourceExamples,
  toolCallExamples,
  unknownData,
  weatherData,
  weatherSummary,
  type PartState,
} from '../../../../storybook/src/scenarios/partExamples.ts';

const meta = { title: 'Kit/MessageParts', component: Message } satisfies Meta;
export default meta;
type Story = StoryObj;

const onApproveToolCall = fn();
const onDenyToolCall = fn();
const dataRenderers: DataRenderers = {
  weather: ({ part }: { part: DataPart }) => h('p', { class: 'story-weather' }, weatherSummary(part)),
};

/** A story of one part state: the parts inside an assistant message, as a reply shows them (the same as the React stories). */
function partStory(partState: PartState, name: string, render: () => VNode): Story {
  return { name, parameters: { partState }, render: () => ({ render }) };
}

function reply(parts: readonly MessagePart[], status: ChatMessage['status'] = 'complete') {
  return h(Message, { message: partsMessage(parts, status), dataRenderers, onApproveToolCall, onDenyToolCall });
}

function toolCallStory(state: ToolCallState, name: string): Story {
  const streaming = state === 'input-streaming' || state === 'input-available' || state === 'approval-responded';
  return partStory(`tool-call/${state}`, name, () => reply([toolCallExamples[state]], streaming ? 'streaming' : 'complete'));
}

export const ToolInputStreaming = toolCallStory('input-streaming', 'Tool call: input streaming');
export const ToolInputAvailable = toolCallStory('input-available', 'Tool call: running');
export const ToolApprovalRequested = toolCallStory('approval-requested', 'Tool call: approval requested');
export const ToolApprovalResponded = toolCallStory('approval-responded', 'Tool call: approved');
export const ToolOutputAvailable = toolCallStory('output-available', 'Tool call: output');
export const ToolOutputError = toolCallStory('output-error', 'Tool call: error');
export const ToolOutputDenied = toolCallStory('output-denied', 'Tool call: denied');

export const ReasoningStreaming = partStory('reasoning/streaming', 'Reasoning: streaming', () => reply([reasoningExamples.streaming], 'streaming'));
export const ReasoningDone = partStory('reasoning/done', 'Reasoning: done, open, timed', () =>
  h(Reasoning, { part: reasoningExamples.done, startedAt: 0, endedAt: 3_000, defaultExpanded: true }),
);
export const ReasoningCollapsed = partStory('reasoning/collapsed', 'Reasoning: done, collapsed', () =>
  reply([reasoningExamples.done, { type: 'text', text: 'Here is the plan.' }]),
);

export const Sources = partStory('sources', 'Sources', () => reply([{ type: 'text', text: 'Highs around 22 °C.' }, ...sourceExamples]));
export const Files = partStory('files', 'Files', () => reply([{ type: 'text', text: 'The map and the itinerary:' }, ...fileExamples]));
export const DataWithRenderer = partStory('data/with-renderer', 'Data: with the app renderer', () => reply([weatherData]));
export const DataAsJson = partStory('data/json-fallback', 'Data: no renderer, as JSON', () => reply([unknownData]));

export const ResearchReply = partStory('research-reply', 'A full research reply', () => reply(researchReply));
