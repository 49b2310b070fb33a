import type { ActiveStreamInfo, ClientFrame, WelcomeFrame } from '../protocol/frames.ts';
import type { Transport, TransportConnection, TransportHandlers } from '../socket/Transport.ts';
import { LEADER_CHANGED_CODE } from './createRelayTransport.ts';
import type { TabMessage } from './tabMessages.ts';

/** A link refused or ended because the leader's own socket is not through its handshake. */
export const LEADER_OFFLINE_CODE = 4002;

export interface LeaderHubOptions {
  readonly tabId: string;
  /** The real transport: the one socket of this browser for the namespace. */
  readonly transport: Transport;
  readonly post: (message: TabMessage) => void;
  /** The streams the leader's machine knows to be generating, for the welcome a follower gets. */
  readonly activeStreams: () => readonly ActiveStreamInfo[];
}

export interface LeaderHub {
  /** The leader tab's own socket: the real one, with every server frame fanned out to the links. */
  readonly transport: Transport;
  /** A message from a follower. */
  receive(message: TabMessage): void;
  /** Ends every link (this tab stops leading). */
  closeLinks(code: number, reason: string): void;
  /** Closes the real socket, as if it dropped: this tab lost the lead, its machine reconnects as a follower. */
  closeSocket(): void;
}

/** Peeks at a frame's type without trusting it: the machine of each tab validates frames itself. */
function parse(data: unknown): { type?: unknown; [key: string]: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The leader's side of tab coordination: its one socket serves every tab. Followers' machines speak
 * the protocol to it over links as if it were the server: their `hello` is answered here (the
 * server has already welcomed this socket) and their cursors become `subscribe` frames, their
 * heartbeat `ping` is answered here (so a follower's heartbeat watches the leader tab), and every
 * other frame goes out on the socket. Every server frame this socket receives goes to every link,
 * where each tab's merge keeps it by `seq`: a replay that overlaps what a tab holds adds nothing.
 */
export function createLeaderHub(options: LeaderHubOptions): LeaderHub {
  const { tabId, post } = options;
  const links = new Set<string>();
  let socket: TransportConnection | null = null;
  let welcome: WelcomeFrame | null = null;
  // Message ids written on this socket and not yet answered: every tab queues every message (the
  // shared outbox), and the first tab to write one is the one the server hears.
  const unanswered = new Set<string>();

  const closeLinks = (code: number, reason: string): void => {
    for (const link of links) post({ kind: 'close', from: tabId, link, code, reason });
    links.clear();
  };

  const write = (frame: ClientFrame | null, data: string): void => {
    if (socket === null) return;
    if (frame?.type === 'send') {
      if (unanswered.has(frame.messageId)) return;
      unanswered.add(frame.messageId);
    }
    socket.send(data);
  };

  const fromServer = (data: unknown): void => {
    const frame = parse(data);
    switch (frame?.type) {
      case 'welcome':
        welcome = frame as unknown as WelcomeFrame;
        post({ kind: 'ready', from: tabId });
        return;
      // The socket's own heartbeat: the leader answers the server's pings.
      case 'ping':
      case 'pong':
        return;
      case 'ack':
        if (typeof frame['messageId'] === 'string') unanswered.delete(frame['messageId']);
        break;
      // A refusal may be a `rate_limited` send its tab will write again: let it through then.
      case 'error':
        unanswered.clear();
        break;
    }
    if (typeof data === 'string' && links.size > 0) post({ kind: 'server', from: tabId, data });
  };

  const fromFollower = (link: string, data: string): void => {
    const frame = parse(data) as ClientFrame | null;
    const answer = (reply: object): void => post({ kind: 'to', from: tabId, link, data: JSON.stringify(reply) });
    switch (frame?.type) {
      case 'hello':
        if (welcome === null) return;
        answer({ ...welcome, activeStreams: options.activeStreams(), lostStreams: [] });
        // What this follower missed is replayed on the shared socket; tabs that hold it drop it.
        for (const cursor of Array.isArray(frame.cursors) ? frame.cursors : []) {
          const subscribe: ClientFrame = { type: 'subscribe', ...cursor };
          write(subscribe, JSON.stringify(subscribe));
        }
        return;
      case 'ping':
        answer({ type: 'pong', t: frame.t });
        return;
      // The shared socket follows for every tab; the server's pings are the leader's to answer.
      case 'unsubscribe':
      case 'pong':
        return;
      case undefined:
        return;
      default:
        write(frame, data);
    }
  };

  return {
    transport: {
      connect(handlers: TransportHandlers): TransportConnection {
        unanswered.clear();
        welcome = null;
        const connection = options.transport.connect({
          onOpen: () => handlers.onOpen(),
          onMessage(data) {
            fromServer(data);
            handlers.onMessage(data);
          },
          onClose(code, reason) {
            if (socket === connection) {
              socket = null;
              welcome = null;
              closeLinks(LEADER_OFFLINE_CODE, 'the leader tab lost its connection');
            }
            handlers.onClose(code, reason);
          },
        });
        socket = connection;
        return {
          send: (data) => write(parse(data) as ClientFrame | null, data),
          close(code, reason) {
            if (socket === connection) {
              socket = null;
              welcome = null;
              closeLinks(LEADER_OFFLINE_CODE, 'the leader tab closed its connection');
            }
            connection.close(code, reason);
          },
        };
      },
    },
    receive(message) {
      switch (message.kind) {
        case 'open':
          if (welcome === null) {
            post({ kind: 'close', from: tabId, link: message.link, code: LEADER_OFFLINE_CODE, reason: 'the leader tab is not connected' });
          } else {
            links.add(message.link);
            post({ kind: 'opened', from: tabId, link: message.link });
          }
          return;
        case 'frame':
          if (links.has(message.link)) fromFollower(message.link, message.data);
          return;
        case 'close':
          links.delete(message.link);
          return;
        default:
          return;
      }
    },
    closeLinks,
    closeSocket() {
      const connection = socket;
      if (connection === null) return;
      socket = null;
      welcome = null;
      closeLinks(LEADER_CHANGED_CODE, 'the leader tab lost the lead');
      connection.close(1000, 'another tab leads');
    },
  };
}
