import { expect } from 'vitest';
import type { MessagePart } from '@rejoin/core';
import type { DemoView, ShownMessage } from './demoView.ts';

/** What makes `view` show a message twice (the same id, or the same non-empty text), or null. */
export function duplicateIn(view: DemoView): string | null {
  const ids = new Set<string>();
  const texts = new Set<string>();
  for (const message of view.messages) {
    if (ids.has(message.id)) return `message id ${message.id} is shown twice`;
    ids.add(message.id);
    // An assistant reply that has not streamed its first token yet is legitimately empty.
    if (message.text === '') continue;
    if (texts.has(message.text)) return `the text "${message.text.slice(0, 60)}" is shown twice`;
    texts.add(message.text);
  }
  return null;
}

/** Fails on the first sampled view that shows a message twice, by id or by text. */
export function expectNoDuplicates(views: readonly DemoView[]): void {
  for (const view of views) {
    const duplicate = duplicateIn(view);
    if (duplicate !== null) {
      expect.fail(`at ${new Date(view.at).toISOString()} ${duplicate}: ${JSON.stringify(view.messages)}`);
    }
  }
}

/** The message with this id in `view`, if shown. */
export function shownMessage(view: DemoView, messageId: string): ShownMessage | undefined {
  return view.messages.find((message) => message.id === messageId);
}

/** The last assistant message in `view`, if any. */
export function lastAssistant(view: DemoView): ShownMessage | undefined {
  return view.messages.filter((message) => message.role === 'assistant').at(-1);
}

/**
 * Fails unless the message's text only ever grew by appending across `views`: every shown text is
 * a prefix of the next one and of `finalText`, so no part was shown twice, dropped or rewritten.
 * Views that do not show the message (another conversation, a page still booting) are skipped.
 */
export function expectAppendOnly(views: readonly DemoView[], messageId: string, finalText: string): void {
  let previous = '';
  for (const view of views) {
    const message = shownMessage(view, messageId);
    if (message === undefined) continue;
    if (!finalText.startsWith(message.text)) {
      expect.fail(`at ${new Date(view.at).toISOString()} the reply showed text that is not a prefix of the final text:\n  shown: ${JSON.stringify(message.text)}\n  final: ${JSON.stringify(finalText)}`);
    }
    if (!message.text.startsWith(previous)) {
      expect.fail(`at ${new Date(view.at).toISOString()} the reply went back from ${previous.length} to ${message.text.length} characters: ${JSON.stringify(message.text)}`);
    }
    previous = message.text;
  }
}

/** The messages as compared with the server's history: id, role, text, and the settled status. */
export function comparable(messages: readonly { readonly id: string; readonly role: string; readonly text: string; readonly status: string }[]) {
  return messages.map(({ id, role, text, status }) => ({ id, role, text, status }));
}

/**
 * A stored part as one word, the way `readDemoView` summarizes a rendered one: the shown parts
 * equal the server's when their summaries do (the text is compared on its own).
 */
export function partSummary(part: MessagePart): string {
  switch (part.type) {
    case 'text':
      return 'text';
    case 'reasoning':
      return `reasoning:${part.done === true ? 'done' : 'streaming'}`;
    case 'tool-call':
      return `tool-call:${part.toolName}:${part.state}`;
    case 'data':
      return `data:${part.name}`;
    case 'source':
    case 'file':
      return part.type;
  }
}
