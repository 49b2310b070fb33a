import type { Clock } from '../environment/Clock.ts';
import type { Transport, TransportConnection, TransportHandlers } from '../socket/Transport.ts';
import type { TabMessage } from './tabMessages.ts';

/** A link ended because another tab became leader (or this one did). */
export const LEADER_CHANGED_CODE = 4001;

/**
 * A leader tab answers a link request within a task, with a link or a refusal. Silence this long
 * means no tab is serving the lock it holds: its main thread is hung or its page frozen.
 */
export const LEADER_SILENCE_MS = 3_000;

export interface RelayTransport {
  /** A follower tab's socket: a link to the leader tab over the channel. */
  readonly transport: Transport;
  /** A message from the leader. */
  receive(message: TabMessage): void;
  /** Ends every link, as a socket closing: the machine reconnects, through whichever side leads then. */
  closeLinks(code: number, reason: string): void;
}

/** What only a leading tab says. */
const LEADER_KINDS = new Set<TabMessage['kind']>(['leader', 'ready', 'opened', 'to', 'server']);

interface Link {
  readonly handlers: TransportHandlers;
  state: 'opening' | 'open';
  /** The tab that accepted it; its fan-out is what this link receives. */
  leader: string | null;
}

/**
 * The follower's side of tab coordination, as a transport, so the follower's machine, socket actor
 * and fast path run unchanged: connecting asks the leader for a link, frames go to the leader, and
 * what the leader's socket receives arrives as if from a socket of its own. A link is only open
 * while the leader's socket is: a follower is never connected while its leader is not.
 */
export function createRelayTransport(options: {
  readonly tabId: string;
  readonly post: (message: TabMessage) => void;
  readonly clock: Clock;
  /** No leader answered a link request within `LEADER_SILENCE_MS`. */
  readonly onLeaderSilent: () => void;
}): RelayTransport {
  const { tabId, post, clock } = options;
  const links = new Map<string, Link>();
  let next = 0;
  // Messages heard from a leading tab: a link request is unanswered only if none came since, so
  // when one follower takes the lock, the others wait for it rather than take it in turn.
  let heard = 0;

  const end = (id: string, code: number, reason: string): void => {
    const link = links.get(id);
    if (link === undefined) return;
    links.delete(id);
    link.handlers.onClose(code, reason);
  };

  return {
    transport: {
      connect(handlers): TransportConnection {
        const id = `${tabId}:${++next}`;
        links.set(id, { handlers, state: 'opening', leader: null });
        post({ kind: 'open', from: tabId, link: id });
        const heardBefore = heard;
        const silence = clock.setTimeout(() => {
          if (links.get(id)?.state === 'opening' && heard === heardBefore) options.onLeaderSilent();
        }, LEADER_SILENCE_MS);
        return {
          send(data) {
            if (links.get(id)?.state === 'open') post({ kind: 'frame', from: tabId, link: id, data });
          },
          close(code = 1000, reason = '') {
            clock.clearTimeout(silence);
            if (!links.has(id)) return;
            post({ kind: 'close', from: tabId, link: id, code, reason });
            end(id, code, reason);
          },
        };
      },
    },
    receive(message) {
      if (LEADER_KINDS.has(message.kind) || (message.kind === 'close' && links.has(message.link))) heard += 1;
      switch (message.kind) {
        case 'opened': {
          const link = links.get(message.link);
          if (link === undefined || link.state !== 'opening') return;
          link.state = 'open';
          link.leader = message.from;
          link.handlers.onOpen();
          return;
        }
        case 'to':
          if (links.get(message.link)?.state === 'open') links.get(message.link)!.handlers.onMessage(message.data);
          return;
        case 'server':
          for (const link of links.values()) {
            if (link.state === 'open' && link.leader === message.from) link.handlers.onMessage(message.data);
          }
          return;
        case 'close':
          end(message.link, message.code, message.reason);
          return;
        // An `open` nobody answered (no leader yet, or one still connecting) is asked again.
        case 'ready':
          for (const [id, link] of links) if (link.state === 'opening') post({ kind: 'open', from: tabId, link: id });
          return;
        case 'leader':
          for (const [id, link] of links) {
            if (link.leader !== null && link.leader !== message.from) end(id, LEADER_CHANGED_CODE, 'another tab became the leader');
          }
          return;
        default:
          return;
      }
    },
    closeLinks(code, reason) {
      for (const id of [...links.keys()]) {
        post({ kind: 'close', from: tabId, link: id, code, reason });
        end(id, code, reason);
      }
    },
  };
}
