import { randomBytes } from 'node:crypto';
import type { AckFrame, ChunkFrame, ErrorFrame, MessageEndFrame, MessageStartFrame, ServerFrame, StreamCursor, WelcomeFrame } from '@rejoin/core/protocol';
import { ProtocolClient } from '../client/ProtocolClient.ts';
import { check } from './CaseFailure.ts';
import type { ResolvedOptions, SuiteUser } from './ConformanceOptions.ts';
import type { SectionId } from './sections.ts';

export interface StartedReply {
  readonly conversationId: string;
  readonly userMessageId: string;
  readonly ack: AckFrame;
  readonly start: MessageStartFrame;
  /** The assistant message id. */
  readonly messageId: string;
}

export interface ReadStream {
  /** The chunks of the message at or after `from`, in arrival order. */
  readonly chunks: ChunkFrame[];
  readonly end: MessageEndFrame;
  /** The frame index of `end`. */
  readonly endIndex: number;
}

/** What a case works with: connections it opens (closed after it), its users and fresh ids. */
export class CaseContext {
  readonly clients: ProtocolClient[] = [];
  private readonly tokens = new Map<SuiteUser, Promise<string>>();

  constructor(
    readonly caseId: string,
    readonly options: ResolvedOptions,
  ) {}

  /** The token of `user` for this case. */
  token(user: SuiteUser): Promise<string> {
    let token = this.tokens.get(user);
    if (token === undefined) {
      token = Promise.resolve(this.options.token(user, this.caseId));
      this.tokens.set(user, token);
    }
    return token;
  }

  /** A fresh id of the protocol's alphabet (§2). */
  newId(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('base64url')}`;
  }

  /** Opens a WebSocket without saying hello. */
  async connect(): Promise<ProtocolClient> {
    const client = await ProtocolClient.connect(this.options.url, this.options.frameTimeoutMs, this.options.headers);
    this.clients.push(client);
    return client;
  }

  /** Opens a WebSocket and completes the handshake as `user`. */
  async join(
    user: SuiteUser = 'alice',
    cursors: readonly StreamCursor[] = [],
    version = 1,
  ): Promise<{ client: ProtocolClient; welcome: WelcomeFrame }> {
    const client = await this.connect();
    const welcome = await client.hello({ token: await this.token(user), cursors, v: version });
    return { client, welcome };
  }

  /** Sends the prompt and waits for its `ack` and the reply's `message_start`. */
  async startReply(
    client: ProtocolClient,
    section: SectionId,
    options: { readonly conversationId?: string; readonly text?: string } = {},
  ): Promise<StartedReply> {
    const conversationId = options.conversationId ?? this.newId('cv');
    const userMessageId = this.newId('us');
    const from = client.mark();
    client.send({ type: 'send', conversationId, messageId: userMessageId, text: options.text ?? this.options.prompt });
    const ack = await this.waitAck(client, section, userMessageId, from);
    check(ack.duplicate === false, section, `a first send was acked with duplicate: ${String(ack.duplicate)}`);
    const start = await client.waitFor(
      section,
      (frame): frame is MessageStartFrame => frame.type === 'message_start' && frame.replyTo === userMessageId,
      `message_start replying to ${userMessageId}`,
      from,
    );
    return { conversationId, userMessageId, ack, start, messageId: start.messageId };
  }

  /** The `ack` of `messageId`, or a failure carrying the error the server answered instead. */
  async waitAck(client: ProtocolClient, section: SectionId, messageId: string, from: number): Promise<AckFrame> {
    const answer = await client.waitFor(
      section,
      (frame) => (frame.type === 'ack' || frame.type === 'error') && frame.messageId === messageId,
      `ack of ${messageId}`,
      from,
    );
    check(answer.type === 'ack', section, `send of ${messageId} was answered ${JSON.stringify(answer)} instead of ack`);
    return answer;
  }

  /** The next `error` at or after `from` (any error: the case checks its code). */
  waitError(client: ProtocolClient, section: SectionId, what: string, from: number): Promise<ErrorFrame> {
    return client.waitFor(section, (frame): frame is ErrorFrame => frame.type === 'error', what, from);
  }

  /** Waits for the `message_end` of `messageId` and returns it with the chunks before it. */
  async readStream(client: ProtocolClient, section: SectionId, messageId: string, from: number): Promise<ReadStream> {
    const end = await client.waitFor(
      section,
      (frame): frame is MessageEndFrame => frame.type === 'message_end' && frame.messageId === messageId,
      `message_end of ${messageId}`,
      from,
    );
    const endIndex = client.frames.indexOf(end);
    const chunks = client.frames
      .slice(from, endIndex)
      .filter((frame): frame is ChunkFrame => frame.type === 'chunk' && frame.messageId === messageId);
    return { chunks, end, endIndex };
  }

  /** Waits until `messageId` has produced chunk `seq` on `client` (or ended sooner). */
  waitChunk(client: ProtocolClient, section: SectionId, messageId: string, seq: number, from: number): Promise<ServerFrame> {
    return client.waitFor(
      section,
      (frame) => (frame.type === 'chunk' && frame.messageId === messageId && frame.seq >= seq) || (frame.type === 'message_end' && frame.messageId === messageId),
      `chunk ${seq} of ${messageId}`,
      from,
    );
  }

  /** Runs a reply to its end on `client` and returns its text and last seq. */
  async completeReply(client: ProtocolClient, section: SectionId, conversationId?: string): Promise<StartedReply & ReadStream> {
    const from = client.mark();
    const started = await this.startReply(client, section, conversationId === undefined ? {} : { conversationId });
    const stream = await this.readStream(client, section, started.messageId, from);
    return { ...started, ...stream };
  }

  closeAll(): void {
    for (const client of this.clients) client.close();
  }
}

/** Checks that `chunks` are exactly seqs `afterSeq + 1`, `afterSeq + 2`, ... with no gap or repeat. */
export function checkContiguous(chunks: readonly ChunkFrame[], afterSeq: number, section: SectionId, what: string): void {
  chunks.forEach((chunk, index) => {
    const expected = afterSeq + index + 1;
    check(
      chunk.seq === expected,
      section,
      `${what}: expected seq ${expected}, got ${chunk.seq} (seqs ${chunks.map((item) => item.seq).join(',')} after ${afterSeq})`,
    );
  });
}

/** Frames of `messageId` in `frames` (chunks, start and end). */
export function framesOf(frames: readonly ServerFrame[], messageId: string): ServerFrame[] {
  return frames.filter((frame) => 'messageId' in frame && frame.messageId === messageId && frame.type !== 'error' && frame.type !== 'ack');
}
