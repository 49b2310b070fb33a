import type { ChunkFrame, PartEvent } from '@rejoin/core';
import type { UIMessage, UIMessageChunk } from 'ai';
import { readUIMessageStream } from 'ai';
import { realisticReplyTokens } from '../harness/realisticReply.ts';
import type { IngestOutcome } from './ingestContenders.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, type StreamFixture } from './streamFixture.ts';

/** Text tokens between two groups of part events. */
const TEXT_RUN = 16;

/**
 * One reply made of parts, as Rejoin chunk frames and as the AI SDK's UI message chunks carrying
 * the same content: runs of 16 text tokens, each followed by a source, a tool call's input and
 * output, and a data part that replaces the previous one (same id). Both sides end with the same
 * text and the same number of parts; every run is checked.
 */
export interface MixedPartsFixture extends StreamFixture {
  readonly uiChunks: readonly UIMessageChunk[];
  /** Parts the folded message must hold. */
  readonly partCount: number;
}

export function createMixedPartsFixture(tokenCount: number): MixedPartsFixture {
  const tokens = realisticReplyTokens(tokenCount);
  const frames: string[] = [];
  const uiChunks: UIMessageChunk[] = [{ type: 'start', messageId: 'a' }];
  let seq = 0;
  let partCount = 0;
  const frame = (payload: { text: string } | { part: PartEvent }): void => {
    seq += 1;
    frames.push(JSON.stringify({ type: 'chunk', conversationId: CONVERSATION_ID, messageId: ASSISTANT_MESSAGE_ID, seq, ...payload } as ChunkFrame));
  };
  for (let start = 0; start < tokens.length; start += TEXT_RUN) {
    const run = tokens.slice(start, start + TEXT_RUN);
    const group = start / TEXT_RUN;
    uiChunks.push({ type: 'text-start', id: `t${group}` });
    for (const token of run) {
      frame({ text: token });
      uiChunks.push({ type: 'text-delta', id: `t${group}`, delta: token });
    }
    uiChunks.push({ type: 'text-end', id: `t${group}` });
    const toolCallId = `call_${group}`;
    const url = `https://example.com/doc/${group}`;
    frame({ part: { kind: 'source', sourceId: `s${group}`, url } });
    frame({ part: { kind: 'tool-input-available', toolCallId, toolName: 'search', input: { q: group } } });
    frame({ part: { kind: 'tool-output', toolCallId, output: { hits: group } } });
    frame({ part: { kind: 'data', name: 'progress', id: 'progress', data: { done: group } } });
    uiChunks.push(
      { type: 'source-url', sourceId: `s${group}`, url },
      { type: 'tool-input-available', toolCallId, toolName: 'search', input: { q: group } },
      { type: 'tool-output-available', toolCallId, output: { hits: group } },
      { type: 'data-progress', id: 'progress', data: { done: group } },
    );
    // A text part, a source, a tool call per group; one data part in all (replaced in place).
    partCount += 3;
  }
  partCount += 1;
  uiChunks.push({ type: 'finish' });
  const totalLength = frames.reduce((sum, raw) => sum + raw.length, 0);
  return { tokens, text: tokens.join(''), frames, averageFrameLength: totalLength / Math.max(1, frames.length), uiChunks, partCount };
}

/** The AI SDK folding the same parts with `readUIMessageStream`, one chunk per `pull()` (see aiSdkReadUIMessageStream). */
export async function aiSdkMixedParts(fixture: MixedPartsFixture): Promise<IngestOutcome & { readonly parts: number }> {
  const { uiChunks } = fixture;
  let position = 0;
  const stream = new ReadableStream<UIMessageChunk>({
    pull(controller) {
      if (position < uiChunks.length) controller.enqueue(uiChunks[position]!);
      else controller.close();
      position += 1;
    },
  });
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  const parts = last?.parts.filter((part) => part.type !== 'step-start') ?? [];
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { text, parts: parts.length };
}
