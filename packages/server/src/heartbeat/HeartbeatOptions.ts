import { RejoinError } from '@rejoin/core/protocol';
import { definedOnly } from '../limits/ServerLimits.ts';

export interface HeartbeatOptions {
  /**
   * How often a client should send traffic (announced as `welcome.heartbeatMs`); clients ping
   * at least this often when they have nothing else to send.
   * @default 15000
   */
  readonly intervalMs?: number;
  /**
   * A connection that sends nothing for this long is closed (code 4408), at most
   * min(1 s, idleTimeoutMs / 10) later; the client reconnects and resumes. At least twice
   * `intervalMs` (protocol v1).
   * @default 45000
   */
  readonly idleTimeoutMs?: number;
}

export type ResolvedHeartbeat = Required<HeartbeatOptions>;

export const DEFAULT_HEARTBEAT: ResolvedHeartbeat = { intervalMs: 15_000, idleTimeoutMs: 45_000 };

export function resolveHeartbeat(options: HeartbeatOptions = {}): ResolvedHeartbeat {
  const resolved: ResolvedHeartbeat = { ...DEFAULT_HEARTBEAT, ...definedOnly(options) };
  // Protocol v1 lets a server drop a connection only after twice heartbeatMs of silence.
  if (!(resolved.intervalMs > 0) || !(resolved.idleTimeoutMs >= 2 * resolved.intervalMs)) {
    throw new RejoinError(
      'config/invalid',
      `[rejoin] heartbeat needs intervalMs > 0 and idleTimeoutMs >= 2 * intervalMs, got ${resolved.intervalMs} and ${resolved.idleTimeoutMs}.`,
    );
  }
  return resolved;
}
