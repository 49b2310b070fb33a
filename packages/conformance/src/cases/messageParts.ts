import type { ChunkFrame, PartEvent, ServerFrame } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import { checkContiguous } from '../suite/CaseContext.ts';
import { defineCase } from '../suite/ConformanceCase.ts';
import type { ProtocolClient } from '../client/ProtocolClient.ts';
import type { ResolvedOptions } from '../suite/ConformanceOptions.ts';

const needsApprovalPrompt = (options: ResolvedOptions): string | null =>
  options.approvalPrompt === null ? 'no prompt that makes the model ask for a tool approval was given (approvalPrompt)' : null;

type PartChunk = ChunkFrame & { readonly part: PartEvent };

const isPartChunk = (frame: ServerFrame, messageId: string): frame is PartChunk =>
  frame.type === 'chunk' && frame.messageId === messageId && frame.part !== undefined;

/** The chunks of `messageId` on `client` from `from` on, in arrival order. */
const chunksOf = (client: ProtocolClient, messageId: string, from = 0): ChunkFrame[] =>
  client.frames.slice(from).filter((frame): frame is ChunkFrame => frame.type === 'chunk' && frame.messageId === messageId);

/** Waits for the reply to ask for approval; returns the call and the chunks up to the request. */
async function untilApprovalRequest(client: ProtocolClient, messageId: string, from: number) {
  const request = await client.waitFor(
    '22',
    (frame): frame is PartChunk => isPartChunk(frame, messageId) && frame.part.kind === 'tool-approval-request',
    `a tool-approval-request in ${messageId}`,
    from,
  );
  const part = request.part as Extract<PartEvent, { kind: 'tool-approval-request' }>;
  return { request, toolCallId: part.toolCallId, chunks: chunksOf(client, messageId, from).filter((chunk) => chunk.seq <= request.seq) };
}

/** §22 Message parts (v2): negotiation, part chunks, the v1 downgrade, approvals. */
export const MESSAGE_PART_CASES = [
  defineCase({
    id: 'parts.negotiation',
    section: '22',
    title: 'welcome.v is min(hello.v, 2): a v2 hello gets v 2, a v1 hello gets v 1',
    async run(context) {
      const v2 = await context.join('alice', [], 2);
      check(v2.welcome.v === 2, '22', `hello v 2 was welcomed with v ${v2.welcome.v}`);
      const v1 = await context.join('alice', [], 1);
      check(v1.welcome.v === 1, '22', `hello v 1 was welcomed with v ${v1.welcome.v}`);
    },
  }),
  defineCase({
    id: 'parts.stream-replay-and-downgrade',
    section: '22',
    title: 'part chunks share the message seq; a replay from an offset repeats them exactly; a v1 follower gets them as empty-text chunks at the same seqs',
    skipUnless: needsApprovalPrompt,
    async run(context) {
      const { client } = await context.join('alice', [], 2);
      const from = client.mark();
      const reply = await context.startReply(client, '22', { text: context.options.approvalPrompt ?? '' });
      const live = await untilApprovalRequest(client, reply.messageId, from);
      checkContiguous(live.chunks, 0, '22', 'text and part chunks');
      for (const chunk of live.chunks) {
        check((chunk.text === undefined) !== (chunk.part === undefined), '22', `chunk ${chunk.seq} carries ${JSON.stringify(chunk)}: exactly one of text and part`);
      }
      check(live.chunks.some((chunk) => chunk.part !== undefined && chunk.part.kind !== 'tool-approval-request'), '22', 'the reply had no part event before its approval request');

      // A v2 follower replaying from an offset gets the very chunks it missed.
      const offset = Math.floor(live.request.seq / 2);
      const replayer = (await context.join('alice', [], 2)).client;
      const replayFrom = replayer.mark();
      replayer.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: offset });
      await replayer.waitFor('22', (frame) => frame.type === 'chunk' && frame.messageId === reply.messageId && frame.seq === live.request.seq, `replayed chunk ${live.request.seq}`, replayFrom);
      const replayed = chunksOf(replayer, reply.messageId, replayFrom).filter((chunk) => chunk.seq <= live.request.seq);
      check(
        JSON.stringify(replayed) === JSON.stringify(live.chunks.filter((chunk) => chunk.seq > offset)),
        '22',
        `the replay from ${offset} differs from the live chunks`,
      );

      // A v1 follower sees every seq, the part events as empty text, the text unchanged.
      const old = (await context.join('alice', [], 1)).client;
      const oldFrom = old.mark();
      old.send({ type: 'subscribe', conversationId: reply.conversationId, messageId: reply.messageId, lastSeq: 0 });
      await old.waitFor('22', (frame) => frame.type === 'chunk' && frame.messageId === reply.messageId && frame.seq === live.request.seq, `chunk ${live.request.seq} on v1`, oldFrom);
      const downgraded = chunksOf(old, reply.messageId, oldFrom).filter((chunk) => chunk.seq <= live.request.seq);
      checkContiguous(downgraded, 0, '22', 'chunks to a v1 session');
      for (const [index, chunk] of downgraded.entries()) {
        const original = live.chunks[index]!;
        check(chunk.part === undefined, '22', `a v1 session got a part event at seq ${chunk.seq}`);
        check(chunk.text === (original.text ?? ''), '22', `seq ${chunk.seq} reached v1 as ${JSON.stringify(chunk.text)}, not ${JSON.stringify(original.text ?? '')}`);
      }
    },
  }),
  defineCase({
    id: 'parts.approve-continues-the-same-message',
    section: '22',
    title: 'approve appends tool-approval-response at the next seq of the same message, which goes on to its end; the same decision again is ignored silently',
    skipUnless: needsApprovalPrompt,
    async run(context) {
      const { client } = await context.join('alice', [], 2);
      const from = client.mark();
      const reply = await context.startReply(client, '22', { text: context.options.approvalPrompt ?? '' });
      const { request, toolCallId } = await untilApprovalRequest(client, reply.messageId, from);
      const approve = { type: 'approve', conversationId: reply.conversationId, messageId: reply.messageId, toolCallId, approved: true } as const;
      const decidedFrom = client.mark();
      client.send(approve);
      const response = await client.waitFor(
        '22',
        (frame): frame is PartChunk => isPartChunk(frame, reply.messageId) && frame.part.kind === 'tool-approval-response',
        'the tool-approval-response',
        decidedFrom,
      );
      check(response.seq === request.seq + 1, '22', `the response came at seq ${response.seq}, not ${request.seq + 1}`);
      check(response.part.kind === 'tool-approval-response' && response.part.approved, '22', `the response says ${JSON.stringify(response.part)}`);
      const again = client.mark();
      client.send(approve);
      const stream = await context.readStream(client, '22', reply.messageId, from);
      checkContiguous(stream.chunks, 0, '22', 'the whole reply, approval included');
      check(stream.end.finishReason === 'complete', '22', `the approved reply ended ${stream.end.finishReason}`);
      const barrier = await client.barrier('22');
      const errors = client.answersBetween(again, barrier).filter((frame) => frame.type === 'error');
      check(errors.length === 0, '22', `the same decision again was answered ${JSON.stringify(errors[0])}`);
      const responses = chunksOf(client, reply.messageId, from).filter((chunk) => chunk.part?.kind === 'tool-approval-response');
      check(responses.length === 1, '22', `${responses.length} tool-approval-response events for one call`);
    },
  }),
  defineCase({
    id: 'parts.approve-not-pending',
    section: '22',
    title: 'approve of a call that is not awaiting a decision is answered not_pending naming the conversation; the reply is unaffected',
    skipUnless: needsApprovalPrompt,
    async run(context) {
      const { client } = await context.join('alice', [], 2);
      const from = client.mark();
      const reply = await context.startReply(client, '22', { text: context.options.approvalPrompt ?? '' });
      const { toolCallId } = await untilApprovalRequest(client, reply.messageId, from);
      const wrongFrom = client.mark();
      client.send({ type: 'approve', conversationId: reply.conversationId, messageId: reply.messageId, toolCallId: `${toolCallId}x`, approved: true });
      const error = await context.waitError(client, '22', 'an error for approve of an unknown call', wrongFrom);
      check(error.code === 'not_pending' && error.conversationId === reply.conversationId, '22', `approve of an unknown call got ${JSON.stringify(error)}`);
      // The real call is still pending: deciding it works.
      client.send({ type: 'approve', conversationId: reply.conversationId, messageId: reply.messageId, toolCallId, approved: false });
      const stream = await context.readStream(client, '22', reply.messageId, from);
      check(stream.chunks.some((chunk) => chunk.part?.kind === 'tool-denied'), '22', 'a denied call had no tool-denied event');
      // Deciding it the other way now is not pending any more.
      const lateFrom = client.mark();
      client.send({ type: 'approve', conversationId: reply.conversationId, messageId: reply.messageId, toolCallId, approved: true });
      const late = await context.waitError(client, '22', 'an error for a decision on a decided call', lateFrom);
      check(late.code === 'not_pending', '22', `a contrary decision on a decided call got ${JSON.stringify(late)}`);
    },
  }),
];
