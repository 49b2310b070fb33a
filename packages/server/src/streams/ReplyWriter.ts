import { DEFAULT_MAX_FRAME_BYTES } from '@rejoin/core/protocol';
import { MAX_CHUNK_CHARS, splitPiece } from '../generation/splitPiece.ts';
import type { StreamStore } from '../stores/StreamStore.ts';

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

/**
 * Writes one reply's pieces to its stream as chunks with contiguous seqs, without waiting for each
 * append: the store keeps them in order (a networked one batches those made while a write is in
 * flight), so a reply never waits a round trip per token. What was stored is known at the end,
 * also after a failed append, so the history gets exactly the text the stream holds.
 */
export class ReplyWriter {
  /** The seq of the last chunk handed to the store. */
  private seq = 0;
  /** The seq of the last chunk the store confirmed; appends settle in order. */
  private storedSeq = 0;
  /**
   * The chunks' texts, joined once at the end: a string grown by `+=` keeps a 32-byte node per
   * chunk alive for as long as the reply streams; this keeps a pointer to the chunk the stream
   * store holds anyway.
   */
  private readonly parts: string[] = [];
  private unsettled = 0;
  private last: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | null = null;
  private bytes = 0;

  constructor(
    private readonly streams: StreamStore,
    private readonly messageId: string,
    /** @default MAX_REPLY_BYTES */
    private readonly maxBytes: number = MAX_REPLY_BYTES,
  ) {}

  /**
   * Appends a model's piece (split if it is too long for one chunk). Resolves false, appending
   * nothing more, once the reply would pass `maxBytes`: the caller ends it. Throws once an append
   * failed.
   */
  async write(piece: string): Promise<boolean> {
    if (this.failure !== null) throw this.failure.error;
    if (piece === '') return true;
    // Nearly every piece fits in one chunk: no need for splitPiece's array.
    let fits = true;
    if (piece.length <= MAX_CHUNK_CHARS) fits = this.appendChunk(piece);
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
   * What the stream holds once every append has settled, failed or not: the count of stored
   * chunks (the `lastSeq` to finish with) and their text. Never throws.
   */
  async stored(): Promise<{ readonly seq: number; readonly text: string }> {
    await this.last.catch(() => {});
    return { seq: this.storedSeq, text: this.parts.slice(0, this.storedSeq).join('') };
  }

  /** Appends one chunk, or returns false when it would take the reply past `maxBytes`. */
  private appendChunk(text: string): boolean {
    this.bytes += jsonBytes(text);
    if (this.bytes > this.maxBytes) return false;
    this.seq += 1;
    this.parts.push(text);
    this.unsettled += 1;
    this.last = this.streams.append(this.messageId, this.seq, text).then(this.onStored, this.onFailed);
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
