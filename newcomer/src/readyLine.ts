/** `npm start`'s ready line and the WebSocket line under it (scripts/start.mjs). */
export const NPM_START_READY = /Rejoin demo ready: (http:\/\/\S+?)\/?\n\(WebSocket (ws:\/\/\S+?);/;

/** `rejoin-server`'s lines (packages/server/src/cli.ts), with `--static`. */
export const SERVER_CLI_LISTENING = /Rejoin server listening on (ws:\/\/\S+)\n/;
export const SERVER_CLI_SERVING = /Serving \S+ at (http:\/\/\S+)\n/;

export interface ServerUrls {
  /** The page, with a trailing slash. */
  readonly pageUrl: string;
  readonly wsUrl: string;
}
