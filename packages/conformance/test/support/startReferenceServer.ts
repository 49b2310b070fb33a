import { createRedisStores, createRejoinServer, createSimulatedModel, type Respond, type RejoinServerOptions } from '@rejoin/server';

/** The message that makes `respond` below fail: the suite's `errorPrompt`. */
export const FAILING_PROMPT = 'Please fail this reply.';
/** The simulated model answers a message starting with "research" with parts and one tool that asks approval. */
export const APPROVAL_PROMPT = 'research the tides of the Severn';

/**
 * The simulated model, paced so a reply (40 to 120 tokens) lasts long enough to act on mid-stream,
 * except for FAILING_PROMPT, which gets one chunk and then a model error.
 */
export function testModel(): Respond {
  const simulated = createSimulatedModel({ tokensPerSecond: 120 });
  return async function* (input) {
    const last = input.conversation.messages.at(-1);
    if (last?.role === 'user' && last.text === FAILING_PROMPT) {
      yield 'Starting, then';
      throw new Error('the model failed on purpose');
    }
    yield* simulated(input);
  };
}

/**
 * The reference server with small limits and a short heartbeat, so the limit, heartbeat and
 * idle-timeout cases run in well under a second each.
 */
export const FAST_SERVER_OPTIONS = {
  limits: { maxFrameBytes: 16_384, maxMessageChars: 2_000 },
  // Idle timeout 3 × the heartbeat, as the defaults are: a case's own pings must never be late
  // enough to be cut off, even when a loaded machine delays its timers by a second or more.
  heartbeat: { intervalMs: 1_000, idleTimeoutMs: 3_000 },
  shutdown: { generations: 'abort' },
  retentionMs: 1_000,
} satisfies RejoinServerOptions;

export interface RunningServer {
  readonly url: string;
  /** Graceful shutdown (what the suite's shutdown case triggers); safe to call twice. */
  readonly close: () => Promise<void>;
}

export async function startReferenceServer(options: { readonly redisUrl?: string } = {}): Promise<RunningServer> {
  const redis =
    options.redisUrl === undefined
      ? null
      : await createRedisStores({ url: options.redisUrl, keyPrefix: `rejoin-conformance:${Date.now()}:${Math.random()}:`, retentionMs: FAST_SERVER_OPTIONS.retentionMs });
  const server = createRejoinServer({
    ...FAST_SERVER_OPTIONS,
    respond: testModel(),
    ...(redis === null ? {} : { stores: redis }),
    host: '127.0.0.1',
    port: 0,
  });
  const { url } = await server.listen();
  let closing: Promise<void> | null = null;
  return {
    url,
    close: () => (closing ??= server.close().then(() => redis?.close())),
  };
}
