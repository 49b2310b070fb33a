/**
 * Redis Stream entry ids for a Rejoin stream. Chunk `seq` is stored at `<seq>-1` and the end at
 * `<lastSeq>-2`, so the entry ids carry the seqs and keep the end after the last chunk: reading
 * after `<n>-1` (`XRANGE (n-1 +`, `XREAD … n-1`) returns exactly the chunks with seq > n, then the
 * end. No id is ever `0-0`, which Redis refuses.
 */
export interface EntryPosition {
  readonly seq: number;
  /** 1 for a chunk, 2 for the end; 1 also marks "after chunk `seq`" for a reader's position. */
  readonly part: number;
}

export const CHUNK_PART = 1;
export const END_PART = 2;

/** The position just after chunk `seq` (chunk 0 is "before the first chunk"). */
export function afterChunk(seq: number): EntryPosition {
  return { seq, part: CHUNK_PART };
}

export function formatEntryId(position: EntryPosition): string {
  return `${position.seq}-${position.part}`;
}

export function parseEntryId(id: string): EntryPosition {
  const dash = id.indexOf('-');
  return { seq: Number(id.slice(0, dash)), part: Number(id.slice(dash + 1)) };
}

export function compareEntries(a: EntryPosition, b: EntryPosition): number {
  return a.seq - b.seq || a.part - b.part;
}
