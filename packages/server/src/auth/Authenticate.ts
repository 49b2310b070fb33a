import type { IncomingMessage } from 'node:http';

/** Who is on the other end of a connection. */
export interface AuthenticatedUser {
  /** Stable id of the user; conversations are owned by it. Safe to log (never the credential). */
  readonly userId: string;
}

export interface AuthenticateInput {
  /** `hello.token`, when the client sent one. */
  readonly token: string | undefined;
  /** The HTTP upgrade request, for cookie, header or origin checks. */
  readonly request: IncomingMessage;
}

/**
 * Decides who a connection belongs to, once, when its `hello` arrives. Resolve to null to refuse
 * the connection (`error` `unauthorized`, fatal). A rejection is treated as an internal error.
 */
export type Authenticate = (input: AuthenticateInput) => Promise<AuthenticatedUser | null>;
