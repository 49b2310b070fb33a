import { createHash } from 'node:crypto';
import type { RedisCommands } from './RedisConnection.ts';

/**
 * A Lua script run with `EVALSHA`, sent in full (`EVAL`) only when Redis does not know it yet
 * (first use, or after a Redis restart emptied its script cache). Scripts are how the stores stay
 * atomic across instances: each one reads and writes its keys with no other command in between.
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisCommands, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await client.sendCommand(['EVALSHA', this.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.sendCommand(['EVAL', this.source, ...tail]);
    }
  }
}
