import { describe, expect, it } from 'vitest';
import { MemoryStreamStore } from '../../stores/memory/MemoryStreamStore.ts';
import type { StreamStore } from '../../stores/StreamStore.ts';
import { streamMeta } from '../../testing/storeContract/storeFixtures.ts';
import { ReplyWriter } from '../ReplyWriter.ts';

/** A memory stream store whose appends are stored at once but confirmed only when the test says so. */
async function heldStore() {
  const store = new MemoryStreamStore();
  await store.create(streamMeta('m1'));
  const held: { release: () => void; fail: (error: Error) => void }[] = [];
  const streams: StreamStore = Object.assign(Object.create(store) as StreamStore, {
    append: async (messageId: string, seq: number, text: string) => {
      await store.append(messageId, seq, text);
      await new Promise<void>((resolve, reject) => held.push({ release: resolve, fail: reject }));
    },
  });
  return { store, streams, held };
}

describe('ReplyWriter', () => {
  it('hands every piece to the store without waiting for the previous append', async () => {
    const { store, streams, held } = await heldStore();
    const writer = new ReplyWriter(streams, 'm1');
    for (let index = 1; index <= 10; index++) await writer.write(`t${index} `);
    // No append confirmed yet, and all ten were made.
    expect(held).toHaveLength(10);
    for (const append of held) append.release();
    await writer.drain();
    expect(await writer.stored()).toMatchObject({ seq: 10, text: 't1 t2 t3 t4 t5 t6 t7 t8 t9 t10 ', lastPiece: 't10 ' });
    expect((await store.read('m1', 0))?.map((chunk) => chunk.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reports only what the store confirmed once an append failed, and refuses further pieces', async () => {
    const { streams, held } = await heldStore();
    const writer = new ReplyWriter(streams, 'm1');
    for (const piece of ['a', 'b', 'c']) await writer.write(piece);
    held[0]!.release();
    held[1]!.fail(new Error('store unreachable'));
    held[2]!.fail(new Error('store unreachable'));
    expect(await writer.stored()).toMatchObject({ seq: 1, text: 'a', parts: [{ type: 'text', text: 'a' }] });
    await expect(writer.drain()).rejects.toThrow('store unreachable');
    await expect(writer.write('d')).rejects.toThrow('store unreachable');
  });

  it('waits for the store once too many appends are unconfirmed, so a fast model cannot outrun it without bound', async () => {
    const { streams, held } = await heldStore();
    const writer = new ReplyWriter(streams, 'm1');
    let written = 0;
    const writing = (async () => {
      for (;;) {
        await writer.write('x');
        written += 1;
        if (written === 2000) return;
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBeLessThan(2000);
    const waitingAt = held.length;
    expect(waitingAt).toBeGreaterThan(1);
    // Confirming every append so far lets it go on.
    while (written < 2000) {
      for (const append of held.splice(0)) append.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    for (const append of held.splice(0)) append.release();
    expect((await writer.stored()).seq).toBe(2000);
  });
});
