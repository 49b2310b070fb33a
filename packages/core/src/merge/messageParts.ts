/**
 * How a message's parts grow: text appends, and each v2 part event folded in (src/model/parts.ts
 * says what each event means). Pure and allocation-light: the parts array is copied once per
 * message per batch by the caller (`PartsDraft`), never per event.
 */
import type { FileAttachment, MessagePart, PartEvent, ToolCallPart } from '../model/parts.ts';

/** The parts a message shows when the server sent none (a v1 history, a pending text-only message). */
export function partsOfText(text: string): readonly MessagePart[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

/** A user message's parts: its text, then its files. */
export function partsOfUserMessage(text: string, files: readonly FileAttachment[] | undefined): readonly MessagePart[] {
  if (files === undefined || files.length === 0) return partsOfText(text);
  return [...partsOfText(text), ...files.map((file): MessagePart => ({ type: 'file', ...file }))];
}

/** The joined text parts: what `ChatMessage.text` holds. */
export function textOfParts(parts: readonly MessagePart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

/** Why an event could not be folded (the event is dropped, its seq still counts as consumed). */
export type PartFoldProblem = 'unknown_tool_call';

/**
 * A message's parts being changed by one batch: `parts` is a private copy once `copied`, so a
 * batch of a hundred events copies the array once.
 */
export class PartsDraft {
  private parts: MessagePart[] | null = null;

  constructor(private readonly base: readonly MessagePart[]) {}

  /** The parts after every fold so far; `base` itself when nothing changed. */
  result(): readonly MessagePart[] {
    return this.parts ?? this.base;
  }

  private writable(): MessagePart[] {
    return (this.parts ??= this.base.slice());
  }

  private last(): MessagePart | undefined {
    const parts = this.result();
    return parts[parts.length - 1];
  }

  /** Appends text to the last part when it is text, else starts a text part; empty text changes nothing. */
  appendText(text: string): void {
    if (text === '') return;
    this.endReasoning();
    const parts = this.writable();
    const last = parts[parts.length - 1];
    if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + text };
    else parts.push({ type: 'text', text });
  }

  /** A reasoning part ends with `reasoning-end` or with any later part (parts.ts). */
  private endReasoning(): void {
    const last = this.last();
    if (last?.type !== 'reasoning' || last.done === true) return;
    const parts = this.writable();
    parts[parts.length - 1] = { ...last, done: true };
  }

  /** Folds one part event; returns a problem when the event names a tool call the message lacks. */
  apply(event: PartEvent): PartFoldProblem | undefined {
    switch (event.kind) {
      case 'reasoning-delta': {
        const last = this.last();
        const parts = this.writable();
        if (last?.type === 'reasoning' && last.done !== true) {
          parts[parts.length - 1] = { type: 'reasoning', text: last.text + event.delta };
        } else {
          this.endReasoning();
          parts.push({ type: 'reasoning', text: event.delta });
        }
        return undefined;
      }
      case 'reasoning-end':
        this.endReasoning();
        return undefined;
      case 'tool-input-start':
        this.endReasoning();
        if (this.toolIndex(event.toolCallId) === -1) {
          this.writable().push({
            type: 'tool-call',
            toolCallId: event.toolCallId,
            toolName: event.toolName,
            state: 'input-streaming',
            inputText: '',
          });
        }
        return undefined;
      case 'tool-input-available': {
        this.endReasoning();
        const index = this.toolIndex(event.toolCallId);
        const held = index === -1 ? undefined : (this.result()[index] as ToolCallPart);
        const part: ToolCallPart = {
          type: 'tool-call',
          toolCallId: event.toolCallId,
          toolName: event.toolName,
          state: 'input-available',
          inputText: held?.inputText || JSON.stringify(event.input) || '',
          input: event.input,
        };
        if (index === -1) this.writable().push(part);
        else this.writable()[index] = part;
        return undefined;
      }
      case 'tool-input-delta':
        return this.updateTool(event.toolCallId, (tool) => ({ ...tool, inputText: tool.inputText + event.delta }));
      case 'tool-approval-request':
        return this.updateTool(event.toolCallId, (tool) => ({ ...tool, state: 'approval-requested' }));
      case 'tool-approval-response':
        return this.updateTool(event.toolCallId, (tool) => ({
          ...tool,
          state: 'approval-responded',
          approval: event.reason === undefined ? { approved: event.approved } : { approved: event.approved, reason: event.reason },
        }));
      case 'tool-output':
        return this.updateTool(event.toolCallId, (tool) => ({ ...tool, state: 'output-available', output: event.output }));
      case 'tool-error':
        return this.updateTool(event.toolCallId, (tool) => ({ ...tool, state: 'output-error', errorText: event.errorText }));
      case 'tool-denied':
        return this.updateTool(event.toolCallId, (tool) => ({ ...tool, state: 'output-denied' }));
      case 'source': {
        this.endReasoning();
        const { kind: _kind, ...source } = event;
        this.writable().push({ type: 'source', ...source });
        return undefined;
      }
      case 'file': {
        this.endReasoning();
        const { kind: _kind, ...file } = event;
        this.writable().push({ type: 'file', ...file });
        return undefined;
      }
      case 'data': {
        this.endReasoning();
        const { kind: _kind, ...data } = event;
        const part: MessagePart = { type: 'data', ...data };
        // A data part with the id of an earlier one replaces it in place (progress, status).
        const index =
          event.id === undefined ? -1 : this.result().findIndex((held) => held.type === 'data' && held.id === event.id);
        if (index === -1) this.writable().push(part);
        else this.writable()[index] = part;
        return undefined;
      }
    }
  }

  private toolIndex(toolCallId: string): number {
    return this.result().findIndex((part) => part.type === 'tool-call' && part.toolCallId === toolCallId);
  }

  private updateTool(toolCallId: string, update: (tool: ToolCallPart) => ToolCallPart): PartFoldProblem | undefined {
    const index = this.toolIndex(toolCallId);
    if (index === -1) return 'unknown_tool_call';
    this.endReasoning();
    this.writable()[index] = update(this.result()[index] as ToolCallPart);
    return undefined;
  }
}

/** The parts after appending text (the fast path's overlay folds buffered text this way). */
export function appendTextToParts(parts: readonly MessagePart[], text: string): readonly MessagePart[] {
  const draft = new PartsDraft(parts);
  draft.appendText(text);
  return draft.result();
}

/** The parts after one event, for callers outside a batch (tests, the fake server, history). */
export function applyPartEvent(parts: readonly MessagePart[], event: PartEvent): readonly MessagePart[] {
  const draft = new PartsDraft(parts);
  draft.apply(event);
  return draft.result();
}

/**
 * The tool call's part shows the user's decision before the server confirms it: `approval-responded`
 * with the decision, when the call is still `approval-requested` here. Otherwise `parts` itself.
 */
export function withOptimisticApproval(
  parts: readonly MessagePart[],
  toolCallId: string,
  approved: boolean,
  reason: string | undefined,
): readonly MessagePart[] {
  const index = parts.findIndex((part) => part.type === 'tool-call' && part.toolCallId === toolCallId);
  const tool = parts[index];
  if (tool?.type !== 'tool-call' || tool.state !== 'approval-requested') return parts;
  const next = parts.slice();
  next[index] = {
    ...tool,
    state: 'approval-responded',
    approval: reason === undefined ? { approved } : { approved, reason },
  };
  return next;
}
