import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createSSRApp, h, type VNode } from 'vue';
import { renderToString } from 'vue/server-renderer';
import * as ReactKit from '../../react/index.ts';
import * as VueKit from '../index.ts';
import type { MessageData } from '../kitData.ts';
import type { DataPart } from '@rejoin/core';
import {
  imageFile,
  namedFile,
  reasoningDone,
  reasoningStreaming,
  researchReply,
  sourceWithoutTitle,
  sourceWithTitle,
  toolCalls,
  unknownData,
  weatherData,
} from '../../shared/__tests__/partExamples.ts';

/**
 * The two halves of the kit share one stylesheet, so they look the same only if they render the
 * same markup. Each case renders a component with the same props in React and in Vue and compares
 * the DOM trees: tags, attributes (ids from useId normalized), text, order.
 */
function canonical(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const ids = new Map<string, string>();
  const idOf = (value: string) => {
    if (!ids.has(value)) ids.set(value, `id${ids.size}`);
    return ids.get(value)!;
  };
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE) return ''; // Vue's fragment markers are comments
    const element = node as Element;
    const attributes = [...element.attributes]
      .map((attribute) => `${attribute.name}=${['id', 'for', 'aria-controls'].includes(attribute.name) ? idOf(attribute.value) : attribute.value}`)
      .sort();
    const children = [...element.childNodes].map(walk).filter((child) => child !== '');
    // Adjacent text nodes (split by Vue's markers) read as one.
    const merged: string[] = [];
    for (const child of children) {
      const previous = merged[merged.length - 1];
      if (previous?.startsWith('"') && child.startsWith('"')) merged[merged.length - 1] = JSON.stringify(JSON.parse(previous) + JSON.parse(child));
      else merged.push(child);
    }
    return `<${element.tagName.toLowerCase()} ${attributes.join(' ')}>${merged.join('')}</>`;
  };
  return [...template.content.childNodes].map(walk).join('');
}

async function vueMarkup(render: () => VNode): Promise<string> {
  return renderToString(createSSRApp({ render }));
}

const messages: Record<string, MessageData> = {
  u1: { id: 'u1', role: 'user', text: 'Plan a weekend in Lisbon', status: 'complete' },
  a1: { id: 'a1', role: 'assistant', text: 'Day one: start early in Alfama', status: 'streaming' },
  u2: { id: 'u2', role: 'user', text: 'And where should we stay?', status: 'pending' },
  a2: { id: 'a2', role: 'assistant', text: 'Cut short', status: 'interrupted' },
};
const conversations = [
  { conversationId: 'c1', title: 'Plan a weekend in Lisbon', streaming: true },
  { conversationId: 'c2', title: '  ', streaming: false },
];
const pending = [
  { id: 'm1', text: 'Can you add a plan for a rainy day?' },
  { id: 'm2', text: 'And where should we stay?' },
];
const noop = () => {};
const weatherReact = { weather: (part: DataPart) => createElement('p', { className: 'weather' }, `High ${String((part.data as { high: number }).high)}`) };
const weatherVue = { weather: ({ part }: { part: DataPart }) => h('p', { class: 'weather' }, `High ${String((part.data as { high: number }).high)}`) };

const cases: ReadonlyArray<readonly [string, () => ReactElement, () => VNode]> = [
  ...(['connected', 'idle', 'connecting', 'restoring', 'merging', 'failed', 'disposed'] as const).map(
    (state) =>
      [
        `ConnectionBanner ${state}`,
        () => createElement(ReactKit.ConnectionBanner, { state, attempt: 2, onRetry: noop }),
        () => h(VueKit.ConnectionBanner, { state, attempt: 2 }),
      ] as const,
  ),
  [
    'ConnectionBanner retrying with queued messages',
    () => createElement(ReactKit.ConnectionBanner, { state: 'disconnected', attempt: 3, nextRetryAt: 1_700_000_007_000, queued: 2, onRetry: noop }),
    () => h(VueKit.ConnectionBanner, { state: 'disconnected', attempt: 3, nextRetryAt: 1_700_000_007_000, queued: 2 }),
  ],
  [
    'ConnectionBanner offline',
    () => createElement(ReactKit.ConnectionBanner, { state: 'disconnected', nextRetryAt: 1_700_000_007_000, queued: 1, online: false, onRetry: noop }),
    () => h(VueKit.ConnectionBanner, { state: 'disconnected', nextRetryAt: 1_700_000_007_000, queued: 1, online: false }),
  ],
  ...Object.values(messages).map(
    (message) =>
      [`Message ${message.status}`, () => createElement(ReactKit.Message, { message }), () => h(VueKit.Message, { message })] as const,
  ),
  [
    'MessageList with rows',
    () => createElement(ReactKit.MessageList, { messageIds: ['u1', 'a1'], renderMessage: (id: string) => createElement(ReactKit.Message, { message: messages[id]! }) }),
    () => h(VueKit.MessageList, { messageIds: ['u1', 'a1'] }, { message: ({ messageId }: { messageId: string }) => h(VueKit.Message, { message: messages[messageId]! }) }),
  ],
  [
    'MessageList loading',
    () => createElement(ReactKit.MessageList, { messageIds: [], loading: true, renderMessage: () => null }),
    () => h(VueKit.MessageList, { messageIds: [], loading: true }, { message: () => null }),
  ],
  [
    'MessageList empty',
    () => createElement(ReactKit.MessageList, { messageIds: [], renderMessage: () => null }),
    () => h(VueKit.MessageList, { messageIds: [] }, { message: () => null }),
  ],
  [
    'Composer with queued messages and a stop button',
    () => createElement(ReactKit.Composer, { onSend: noop, pending, actions: createElement(ReactKit.StopButton, { processing: true, onStop: noop }) }),
    () => h(VueKit.Composer, { pending }, { actions: () => h(VueKit.StopButton, { processing: true }) }),
  ],
  [
    'Composer disabled',
    () => createElement(ReactKit.Composer, { onSend: noop, disabled: true, placeholder: 'Offline', label: 'Your message' }),
    () => h(VueKit.Composer, { disabled: true, placeholder: 'Offline', label: 'Your message' }),
  ],
  [
    'ConversationList with New chat',
    () => createElement(ReactKit.ConversationList, { items: conversations, activeId: 'c1', onSelect: noop, onNew: noop }),
    () => h(VueKit.ConversationList, { items: conversations, activeId: 'c1', onNew: noop }),
  ],
  [
    'ConversationList empty',
    () => createElement(ReactKit.ConversationList, { items: [], activeId: null, onSelect: noop }),
    () => h(VueKit.ConversationList, { items: [], activeId: null }),
  ],
  ...[true, false].flatMap((processing) =>
    [true, false].map(
      (pending) =>
        [
          `ProcessingIndicator processing ${String(processing)}, pending ${String(pending)}`,
          () => createElement(ReactKit.ProcessingIndicator, { processing, pending }),
          () => h(VueKit.ProcessingIndicator, { processing, pending }),
        ] as const,
    ),
  ),
  ...(['storage/corrupt', 'storage/quota', 'storage/unavailable'] as const).map(
    (code) =>
      [
        `StorageNotice ${code}`,
        () => createElement(ReactKit.StorageNotice, { error: { code } }),
        () => h(VueKit.StorageNotice, { error: { code } }),
      ] as const,
  ),
  [
    'ConversationUnavailable',
    () => createElement(ReactKit.ConversationUnavailable, { onBack: noop }),
    () => h(VueKit.ConversationUnavailable),
  ],
  ...[true, false].map(
    (processing) =>
      [
        `StopButton ${String(processing)}`,
        () => createElement(ReactKit.StopButton, { processing, onStop: noop }),
        () => h(VueKit.StopButton, { processing }),
      ] as const,
  ),
];

/** Every part state the kit draws, alone and inside a message. */
const partCases: ReadonlyArray<readonly [string, () => ReactElement, () => VNode]> = [
  ...Object.values(toolCalls).map(
    (part) =>
      [
        `ToolCall ${part.state}`,
        () => createElement(ReactKit.ToolCall, { part, onApprove: noop, onDeny: noop }),
        () => h(VueKit.ToolCall, { part, onApprove: noop, onDeny: noop }),
      ] as const,
  ),
  [
    'ToolCall approval-requested without handlers',
    () => createElement(ReactKit.ToolCall, { part: toolCalls['approval-requested'] }),
    () => h(VueKit.ToolCall, { part: toolCalls['approval-requested'] }),
  ],
  ['Reasoning streaming', () => createElement(ReactKit.Reasoning, { part: reasoningStreaming }), () => h(VueKit.Reasoning, { part: reasoningStreaming })],
  ['Reasoning done, collapsed', () => createElement(ReactKit.Reasoning, { part: reasoningDone }), () => h(VueKit.Reasoning, { part: reasoningDone })],
  [
    'Reasoning done, timed and open',
    () => createElement(ReactKit.Reasoning, { part: reasoningDone, startedAt: 0, endedAt: 4_000, defaultExpanded: true }),
    () => h(VueKit.Reasoning, { part: reasoningDone, startedAt: 0, endedAt: 4_000, defaultExpanded: true }),
  ],
  ...[sourceWithTitle, sourceWithoutTitle].map(
    (part) => [`SourceChip ${part.sourceId}`, () => createElement(ReactKit.SourceChip, { part }), () => h(VueKit.SourceChip, { part })] as const,
  ),
  ...[imageFile, namedFile].map(
    (part) => [`FileChip ${part.mediaType}`, () => createElement(ReactKit.FileChip, { part }), () => h(VueKit.FileChip, { part })] as const,
  ),
  [
    'DataPartView with a renderer',
    () => createElement(ReactKit.DataPartView, { part: weatherData, renderers: weatherReact }),
    () => h(VueKit.DataPartView, { part: weatherData, renderers: weatherVue }),
  ],
  ['DataPartView as JSON', () => createElement(ReactKit.DataPartView, { part: unknownData }), () => h(VueKit.DataPartView, { part: unknownData })],
  [
    'Message with a research reply',
    () =>
      createElement(ReactKit.Message, {
        message: { id: 'a3', role: 'assistant', text: '', status: 'streaming', parts: researchReply },
        dataRenderers: weatherReact,
      }),
    () => h(VueKit.Message, { message: { id: 'a3', role: 'assistant', text: '', status: 'streaming', parts: researchReply }, dataRenderers: weatherVue }),
  ],
];

describe('the React and Vue kits', () => {
  it.each([...cases, ...partCases])('render the same markup: %s', async (_name, react, vue) => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    try {
      const reactHtml = canonical(renderToStaticMarkup(react()));
      const vueHtml = canonical(await vueMarkup(vue));
      expect(vueHtml).toBe(reactHtml);
      expect(reactHtml.length).toBeGreaterThan(20);
    } finally {
      vi.useRealTimers();
    }
  });
});
