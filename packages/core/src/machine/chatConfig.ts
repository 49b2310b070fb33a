/** Connection tuning. Every field has a default; see `resolveChatConfig`. */
export interface ChatConfig {
  /** Give up on a socket that has not opened after this long. @default 10000 */
  readonly connectTimeoutMs: number;
  /** Give up on a server that has not answered `hello` with `welcome` after this long. @default 10000 */
  readonly handshakeTimeoutMs: number;
  /** Give up on a server that has not answered `load` after this long. @default 15000 */
  readonly loadTimeoutMs: number;
  /** Probe the server with a `ping` after this much silence. @default 15000 */
  readonly heartbeatIntervalMs: number;
  /**
   * Declare the socket half-open when nothing at all arrives within this long after a probe,
   * so a dead link is detected within `heartbeatIntervalMs + heartbeatTimeoutMs`. @default 10000
   */
  readonly heartbeatTimeoutMs: number;
  /** First backoff ceiling; the n-th retry waits a random time in [0, min(maxMs, baseMs * 2^n)]. @default 500 */
  readonly backoffBaseMs: number;
  /** Backoff cap. @default 30000 */
  readonly backoffMaxMs: number;
  /** Reconnect attempts before `failed`; `Infinity` never gives up. @default 10 */
  readonly maxAttempts: number;
}

export const defaultChatConfig: ChatConfig = {
  connectTimeoutMs: 10_000,
  handshakeTimeoutMs: 10_000,
  loadTimeoutMs: 15_000,
  heartbeatIntervalMs: 15_000,
  heartbeatTimeoutMs: 10_000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxAttempts: 10,
};

export function resolveChatConfig(partial: Partial<ChatConfig> | undefined): ChatConfig {
  return { ...defaultChatConfig, ...partial };
}
