import type { Server } from 'node:http';
import type { Authenticate } from '../auth/Authenticate.ts';
import type { Authorize } from '../auth/Authorize.ts';
import type { DeliveryInterceptor } from '../connection/SocketWriter.ts';
import type { Respond } from '../generation/Respond.ts';
import type { HeartbeatOptions } from '../heartbeat/HeartbeatOptions.ts';
import type { ServerLimits } from '../limits/ServerLimits.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamStore } from '../stores/StreamStore.ts';

/** Where conversations and streams live. */
export interface RejoinStores {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
}

/** What happens to running generations when the server closes. */
export interface ShutdownOptions {
  /**
   * `finish`: let running replies complete into the stores (up to `timeoutMs`), so a persistent
   * store keeps them; `abort`: end them at once with finish reason `error`.
   * @default 'finish'
   */
  readonly generations?: 'finish' | 'abort';
  /**
   * How long `finish` waits before aborting what is still running.
   * @default 5000
   */
  readonly timeoutMs?: number;
}

export interface RejoinServerOptions {
  /**
   * The interface to listen on. Ignored when `httpServer` is given.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * The port to listen on; 0 picks a free one (read it from `listen()`'s result).
   * @default 0
   */
  readonly port?: number;
  /**
   * The URL path of the WebSocket endpoint.
   * @default '/ws'
   */
  readonly path?: string;
  /**
   * Where conversations and streams live. Each one not given is an in-memory store, which the
   * server closes in `close()`; stores you pass are yours to close.
   * @default in-memory stores
   */
  readonly stores?: Partial<RejoinStores>;
  /**
   * How long a finished stream stays replayable, for the default in-memory stream store (a store
   * you pass has its own setting). Protocol v1 asks for at least 60 seconds.
   * @default 600000 (10 minutes)
   */
  readonly retentionMs?: number;
  /**
   * The model. See the README for a real, OpenAI-compatible one.
   * @default createSimulatedModel() (deterministic, 30 tokens per second)
   */
  readonly respond?: Respond;
  /**
   * Who a connection belongs to, from `hello.token` or the upgrade request.
   * @default createTokenAuthenticator() (the token is a per-browser secret; the user id is its hash)
   */
  readonly authenticate?: Authenticate;
  /**
   * Who may use which conversation.
   * @default authorizeOwner (only the user whose first `send` created it)
   */
  readonly authorize?: Authorize;
  /** Frame size, message length, rate and send-buffer limits; see `ServerLimits`. */
  readonly limits?: ServerLimits;
  /** Heartbeat interval announced to clients, and the idle timeout; see `HeartbeatOptions`. */
  readonly heartbeat?: HeartbeatOptions;
  /** What `close()` does with running generations; see `ShutdownOptions`. */
  readonly shutdown?: ShutdownOptions;
  /**
   * Structured logs. Never receives tokens or message text.
   * @default createLogger() (JSON lines on stdout; level from REJOIN_LOG, silent under vitest)
   */
  readonly logger?: Logger;
  /**
   * A directory holding a built single-page app to serve over HTTP beside the WebSocket
   * endpoint, with `index.html` for app routes. Ignored when `httpServer` is given.
   * @default undefined (HTTP requests get 404)
   */
  readonly staticDir?: string;
  /**
   * Attach to your own HTTP server instead of creating one: Rejoin then handles only WebSocket
   * upgrades on `path` and leaves every other request and upgrade to you. `listen()` starts it on
   * `host`/`port` if it is not listening yet; `close()` leaves it open.
   * @default undefined (the server creates and owns one)
   */
  readonly httpServer?: Server;
  /**
   * The clock for timestamps, rate limits and idle detection.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Test seam: sees every server frame on its way to a socket. For a chaos test mode only.
   * @default undefined (every frame delivered once, in order)
   */
  readonly interceptDelivery?: DeliveryInterceptor;
}
