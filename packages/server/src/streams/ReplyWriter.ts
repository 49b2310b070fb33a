import { DEFAULT_MAX_FRAME_BYTES, type MessagePart, type PartEvent } from '@rejoin/core/protocol';
import type { RespondPiece } from '../generation/Respond.ts';
import { MAX_CHUNK_CHARS, splitPiece } from '../generation/splitPiece.ts';
import { DEFAULT_LIMITS } from '../limits/ServerLimits.ts';
import type { StreamStore } from '../stores/StreamStore.ts';
import { foldParts, textOfParts, type StreamPiece } from './foldParts.ts';

/**
 * How many appends a reply keeps in flight before it waits for them: enough that a networked
 * store batches a whole round trip's worth of tokens, few enough that a model faster than the
 * store is slowed down rather than buffered without bound.
 */
const MAX_UNSETTLED_APPENDS = 512;

/**
 * The longest reply, in bytes of its text encoded as a JSON string in UTF-8: a `conversation` frame
 * holding only this message, with its fields, must stay under the client's 1 MiB frame limit
 * (a server never sends a larger frame). 16 KiB is left for the frame around the text.
 */
export const MAX_REPLY_BYTES = DEFAULT_MAX_FRAME_BYTES - 16 * 1024;

/** Shown when a reply was ended at `MAX_REPLY_BYTES`. */
export const REPLY_TOO_LONG = 'This reply reached the maximum length and was cut short.';

/** Characters JSON escapes (to 2 or 6 bytes) or UTF-8 encodes unlike their count suggests. */
const ENCODED_DIFFERENTLY = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Bytes of `text` inside a JSON string, in UTF-8; the fast path is plain text. */
function jsonBytes(text: string): number {
  return ENCODED_DIFFERENTLY.test(text) ? Buffer.byteLength(JSON.stringify(text)) - 2 : Buffer.byteLength(text);
}

/** Where a reply's writing starts: a new reply at seq 0, or a paused one going on after an approval. */
export interface ReplyStart {
  /** The last seq already in the stream. */
  readonly seq: number;
  /** The message's parts up to that seq. */
  readonly parts: readonly MessagePart[];
}

/** What a reply's stream holds once every append settled. */
export interface StoredReply {
  /** The last seq stored: the `lastSeq` to finish with. */
  readonly seq: number;
  /** The joined text parts: the history message's `text`. */
  readonly text: string;
  readonly parts: readonly MessagePart[];
  /** The last piece stored, to tell a reply paused on an approval request. */
  readonly lastPiece: StreamPiece | undefined;
}

/** The `tool-error` text for an output over the limit. */
export function toolOutputTooLarge(bytes: number, maxBytes: number): string {
  return `The tool's output (${bytes} bytes) is larger than this server accepts (${maxBytes} bytes; limits.maxToolOutputBytes), so it was not passed on.`;
}

/**
 * Writes one reply's pieces to its stream as chunks with contiguous seqs, without waiting for each
 * append: the store keeps them in order (a networked one batches those made while a write is in
 * flight), so a reply never waits a round trip per token. What was stored is known at the end,
 * also after a failed append, so the history gets exactly the text the stream holds.
 */
export class ReplyWriter {
  /** The seq of the last chunk handed to the store. */
  private seq: number;
  /** The seq of the last chunk the store confirmed; appends settle in order. */
  private storedSeq: number;
  /**
   * The chunks' pieces, folded once at the end: a string grown by `+=` keeps a 32-byte node per
   * chunk alive for as long as the reply streams; this keeps a pointer to the piece the stream
   * store holds anyway.
   */
  private readonly pieces: StreamPiece[] = [];
  private readonly startSeq: number;
  private readonly startParts: readonly MessagePart[];
  private unsettled = 0;
  private last: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | null = null;
  private bytes = 0;

  constructor(
    private readonly streams: StreamStore,
    private readonly messageId: string,
    /** @default MAX_REPLY_BYTES */
    private readonly maxBytes: number = MAX_REPLY_BYTES,
    start: ReplyStart = { seq: 0, parts: [] },
    /** @default DEFAULT_LIMITS.maxToolOutputBytes */
    private readonly maxToolOutputBytes: number = DEFAULT_LIMITS.maxToolOutputBytes,
  ) {
    this.seq = start.seq;
    this.storedSeq = start.seq;
    this.startSeq = start.seq;
    this.startParts = start.parts;
    if (start.parts.length > 0) this.bytes = jsonBytes(JSON.stringify(start.parts));
  }

  /**
   * Appends a model's piece (split if it is too long for one chunk). Resolves false, appending
   * nothing more, once the reply would pass `maxBytes`: the caller ends it. Throws once an append
   * failed.
   */
  async write(piece: RespondPiece): Promise<boolean> {
    if (this.failure !== null) throw this.failure.error;
    if (piece === '') return true;
    // Nearly every piece fits in one chunk: no need for splitPiece's array.
    let fits = true;
    if (typeof piece !== 'string') fits = this.appendChunk(this.bounded(piece));
    else if (piece.length <= MAX_CHUNK_CHARS) fits = this.appendChunk(piece);
    else for (const part of splitPiece(piece)) if (!(fits = this.appendChunk(part))) break;
    if (this.unsettled >= MAX_UNSETTLED_APPENDS) await this.drain();
    return fits;
  }

  /** Waits for every append made so far; throws if one failed. */
  async drain(): Promise<void> {
    await this.last;
    if (this.failure !== null) throw this.failure.error;
  }

  /**
   * What the stream holds once every append has settled, failed or not: the last stored seq (the
   * `lastSeq` to finish with), the parts and their text. Never throws.
   */
  async stored(): Promise<StoredReply> {
    await this.last.catch(() => {});
    const written = this.pieces.slice(0, this.storedSeq - this.startSeq);
    const parts = foldParts(written, this.startParts);
    return { seq: this.storedSeq, text: textOfParts(parts), parts, lastPiece: written.at(-1) };
  }

  /** A tool output over the limit becomes a `tool-error` saying so: the reply goes on without it. */
  private bounded(part: PartEvent): PartEvent {
    if (part.kind !== 'tool-output') return part;
    const bytes = Buffer.byteLength(JSON.stringify(part.output) ?? '');
    if (bytes <= this.maxToolOutputBytes) return part;
    return { kind: 'tool-error', toolCallId: part.toolCallId, errorText: toolOutputTooLarge(bytes, this.maxToolOutputBytes) };
  }

  /** Appends one chunk, or returns false when it would take the reply past `maxBytes`. */
  private appendChunk(piece: StreamPiece): boolean {
    this.bytes += typeof piece === 'string' ? jsonBytes(piece) : Buffer.byteLength(JSON.stringify(piece));
    if (this.bytes > this.maxBytes) return false;
    this.seq += 1;
    this.pieces.push(piece);
    this.unsettled += 1;
    this.last = this.streams.append(this.messageId, this.seq, piece).then(this.onStored, this.onFailed);
    return true;
  }

  // Bound once rather than two closures per chunk: appends settle in order, so each success
  // stores the chunk after the last one stored.
  private readonly onStored = (): void => {
    this.unsettled -= 1;
    if (this.failure === null) this.storedSeq += 1;
  };

  private readonly onFailed = (error: unknown): void => {
    this.unsettled -= 1;
    this.failure ??= { error };
  };
}
