import { MAX_CHUNK_CHARS, splitPiece } from '../generation/splitPiece.ts';
import type { StreamStore } from '../stores/StreamStore.ts';

/**
 * How many appends a reply keeps in flight before it waits for them: enough that a networked
 * store batches a whole round trip's worth of tokens, few enough that a model faster than the
 * store is slowed down rather than buffered without bound.
 */
const MAX_UNSETTLED_APPENDS = 512;

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

  constructor(
    private readonly streams: StreamStore,
    private readonly messageId: string,
  ) {}

  /** Appends a model's piece (split if it is too long for one chunk); throws once an append failed. */
  async write(piece: string): Promise<void> {
    if (this.failure !== null) throw this.failure.error;
    if (piece === '') return;
    // Nearly every piece fits in one chunk: no need for splitPiece's array.
    if (piece.length <= MAX_CHUNK_CHARS) this.appendChunk(piece);
    else for (const part of splitPiece(piece)) this.appendChunk(part);
    if (this.unsettled >= MAX_UNSETTLED_APPENDS) await this.drain();
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

  private appendChunk(text: string): void {
    this.seq += 1;
    this.parts.push(text);
    this.unsettled += 1;
    const seq = this.seq;
    const appended = this.streams.append(this.messageId, seq, text);
    this.last = appended.then(
      () => {
        this.unsettled -= 1;
        if (this.failure === null) this.storedSeq = seq;
      },
      (error: unknown) => {
        this.unsettled -= 1;
        this.failure ??= { error };
      },
    );
  }
}
