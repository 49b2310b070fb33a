import { createClient } from 'redis';

type NodeClient = ReturnType<typeof createClient>;

/**
 * Moves the hash slot of `key` from the master serving it to another master, the way
 * `redis-cli --cluster reshard` does, one step at a time so a test can let traffic run between
 * the steps: `begin` (the slot is migrating/importing), `moveKeys` (its keys are on the target,
 * the source answers ASK), `finish` (every node serves it from the target, MOVED).
 */
export async function slotMigration(key: string, masterUrls: readonly string[]) {
  const nodes = await Promise.all(
    masterUrls.map(async (url) => {
      const client: NodeClient = createClient({ url });
      client.on('error', () => {});
      await client.connect();
      const port = Number(new URL(url).port);
      return { client, port, id: String(await client.sendCommand(['CLUSTER', 'MYID'])) };
    }),
  );
  const first = nodes[0]!.client;
  const slot = Number(await first.sendCommand(['CLUSTER', 'KEYSLOT', key]));
  const ranges = (await first.sendCommand(['CLUSTER', 'SLOTS'])) as [number, number, [string, number, string]][];
  const range = ranges.find(([start, end]) => start <= slot && slot <= end);
  const source = nodes.find((node) => node.id === range?.[2][2]);
  const target = nodes.find((node) => node !== source);
  if (source === undefined || target === undefined) throw new Error(`no master serves slot ${slot}, or no other master to move it to`);
  const setSlot = (node: NodeClient, ...args: string[]) => node.sendCommand(['CLUSTER', 'SETSLOT', String(slot), ...args]);

  return {
    slot,
    from: source.port,
    to: target.port,
    async begin(): Promise<void> {
      await setSlot(target.client, 'IMPORTING', source.id);
      await setSlot(source.client, 'MIGRATING', target.id);
    },
    async moveKeys(): Promise<number> {
      let moved = 0;
      for (;;) {
        const keys = (await source.client.sendCommand(['CLUSTER', 'GETKEYSINSLOT', String(slot), '1000'])) as string[];
        if (keys.length === 0) return moved;
        await source.client.sendCommand(['MIGRATE', '127.0.0.1', String(target.port), '', '0', '5000', 'KEYS', ...keys]);
        moved += keys.length;
      }
    },
    async finish(): Promise<void> {
      // The target first, then the source, then the rest: the order redis-cli uses.
      for (const node of [target, source, ...nodes.filter((other) => other !== source && other !== target)]) {
        await setSlot(node.client, 'NODE', target.id);
      }
    },
    async close(): Promise<void> {
      await Promise.all(nodes.map((node) => node.client.close()));
    },
  };
}
