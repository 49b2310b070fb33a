import { randomBytes } from 'node:crypto';

/** The two users the authorization cases need. */
export type SuiteUser = 'alice' | 'bob';

export interface ConformanceOptions {
  /** The server's WebSocket URL, for example `ws://127.0.0.1:8787/ws`. */
  readonly url: string;
  /**
   * A token for `hello.token` that authenticates `user`; called once per user and case. Two
   * users must be distinct, and the suite works best with fresh users per case (then no stream of
   * an earlier case shows up in `activeStreams`).
   * @default a fresh random 24-character token each call (fits the reference server's default authenticator: a new user each time)
   */
  readonly token?: (user: SuiteUser, caseId: string) => string | Promise<string>;
  /**
   * A token the server refuses, for the `unauthorized` case; `null` skips it (a server that
   * authenticates the upgrade request instead, or accepts everyone).
   * @default 'not a valid token!' (outside the reference authenticator's alphabet)
   */
  readonly invalidToken?: string | null;
  /** Headers on every WebSocket upgrade request (a cookie, an `Authorization` header). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A user message the server's model answers with a reply of at least `minChunks` chunks,
   * streamed slowly enough that a case can act between its first and last chunk.
   * @default 'Explain how a chat reply can survive a dropped connection, step by step.'
   */
  readonly prompt?: string;
  /**
   * The fewest chunks the reply to `prompt` has. Cases that act mid-stream need at least 3.
   * @default 3
   */
  readonly minChunks?: number;
  /**
   * A user message the model answers with `finishReason: "error"`; `null` skips the cases about
   * failed replies (the reference server's simulated model never fails).
   * @default null
   */
  readonly errorPrompt?: string | null;
  /**
   * (Protocol v2) A user message the model answers with parts: at least one part event, then a
   * tool call that needs the user's approval (`tool-approval-request`), then more after the
   * decision. `null` skips the cases about parts and approvals.
   * @default null
   */
  readonly approvalPrompt?: string | null;
  /**
   * How long to wait for one expected frame or close before the case fails.
   * @default 10000
   */
  readonly frameTimeoutMs?: number;
  /**
   * The longest a case may spend waiting on the server's timers (idle timeout, retention):
   * cases that would wait longer are skipped with the reason printed.
   * @default 10000
   */
  readonly maxWaitMs?: number;
  /**
   * The server's documented retention window (§11), for the case that checks what happens after
   * it; `null` skips that case. It runs only when the window fits in `maxWaitMs`.
   * @default null
   */
  readonly retentionMs?: number | null;
  /**
   * How many frames the rate-limit case sends at once before concluding the server has no
   * frame-rate limit (then it is skipped: rate limits are server policy).
   * @default 400
   */
  readonly rateLimitProbeFrames?: number;
  /**
   * Makes the server shut down gracefully (for example sends it SIGTERM) and resolves once it was
   * asked; the shutdown case runs last. `null` skips it.
   * @default null
   */
  readonly shutdown?: (() => Promise<void>) | null;
  /**
   * How many cases run at once. Most cases wait on the model's pace, so a few at a time cut the
   * run's length several-fold; each case still has its own connections and, with the default
   * `token`, its own users, so no case sees another's streams. Keep 1 when `token` returns the
   * same users for every case: their `activeStreams` would then show other cases' replies. The
   * shutdown case always runs last, alone.
   * @default 1
   */
  readonly concurrency?: number;
  /** Run only the cases whose id starts with one of these (for example `send.`). */
  readonly only?: readonly string[];
  /**
   * Cases that do not apply to this server, by id, with the reason: they are reported as skipped
   * with that reason instead of run.
   */
  readonly notApplicable?: Readonly<Record<string, string>>;
}

export type ResolvedOptions = Required<Omit<ConformanceOptions, 'only' | 'notApplicable'>> &
  Pick<ConformanceOptions, 'only' | 'notApplicable'>;

/** A random token of the id alphabet, long enough for the reference authenticator: a new user. */
export function randomToken(): string {
  return randomBytes(18).toString('base64url');
}

export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ConformanceOptions;
  return {
    token: () => randomToken(),
    invalidToken: 'not a valid token!',
    headers: {},
    prompt: 'Explain how a chat reply can survive a dropped connection, step by step.',
    minChunks: 3,
    errorPrompt: null,
    approvalPrompt: null,
    frameTimeoutMs: 10_000,
    maxWaitMs: 10_000,
    retentionMs: null,
    rateLimitProbeFrames: 400,
    shutdown: null,
    concurrency: 1,
    ...given,
  };
}
