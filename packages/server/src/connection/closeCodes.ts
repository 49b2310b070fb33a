/**
 * WebSocket close codes the server uses. After a fatal `error` frame they are informative (the
 * frame is the authoritative reason); the others tell a client why a healthy-looking socket closed.
 */
export const CLOSE_CODES = {
  /** After `shutting_down`. */
  goingAway: 1001,
  /** After `unauthorized`, `unsupported_version` or another policy refusal. */
  policyViolation: 1008,
  /** After a fatal `internal` error. */
  internalError: 1011,
  /** The peer sent nothing for longer than the idle timeout; it reconnects and resumes. */
  idleTimeout: 4408,
} as const;
