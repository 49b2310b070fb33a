import type { Clock } from '../environment/Clock.ts';
import type { ActiveStreamInfo } from '../protocol/frames.ts';
import type { Transport, TransportConnection, TransportHandlers } from '../socket/Transport.ts';
import { createLeaderHub } from './createLeaderHub.ts';
import { createRelayTransport, LEADER_CHANGED_CODE } from './createRelayTransport.ts';
import { isTabMessage, type TabMessage } from './tabMessages.ts';
import type { TabPlatform } from './TabPlatform.ts';

export type TabRole = 'pending' | 'leader' | 'follower';

/** A user message as every tab queues it. */
export interface SharedSend {
  readonly conversationId: string;
  readonly messageId: string;
  readonly text: string;
  readonly at: number;
}

export interface TabCoordinatorOptions {
  readonly namespace: string;
  readonly tabId: string;
  readonly platform: TabPlatform;
  /** Runs the wait for a silent leader. */
  readonly clock: Clock;
  /** The real transport, used while this tab leads. */
  readonly transport: Transport;
  readonly activeStreams: () => readonly ActiveStreamInfo[];
  /** This tab took the lead (its link, if any, was closed: the machine should reconnect now). */
  readonly onLeader: () => void;
  /** The leader's socket is through its handshake: a follower waiting to reconnect may now. */
  readonly onLeaderReady: () => void;
  /** Another tab sent a message: queue it here too. */
  readonly onSharedSend: (send: SharedSend) => void;
}

export interface TabCoordinator {
  /** What the socket actor connects through: the real socket while leading, a link to the leader otherwise. */
  readonly transport: Transport;
  readonly role: TabRole;
  /** Tells the other tabs of a message sent here. */
  shareSend(send: SharedSend): void;
  /**
   * Gives up the lead on `pagehide`: the lock goes to the next tab now rather than when the browser
   * has torn this page down. A page that lives on (back-forward cache) follows, and queues again.
   */
  stepDown(): void;
  /** Gives up the lead (the lock) and leaves the channel. */
  dispose(): void;
}

/** The lock and the channel are per origin by the platform, and per namespace by their names. */
export const leaderLockName = (namespace: string): string => `rejoin-leader:${namespace}`;
export const tabChannelName = (namespace: string): string => `rejoin:${namespace}`;

/**
 * One socket per browser and namespace. The tab holding the Web Lock `rejoin-leader:<namespace>`
 * leads: its socket actor connects through the real transport, through the hub that serves the other
 * tabs (createLeaderHub.ts). Every other tab follows: its socket actor connects through a link to
 * the leader (createRelayTransport.ts), and waits in the lock's queue. The lock is released when the
 * leader's tab closes or crashes, and the next tab in the queue leads: its link closes, its machine
 * reconnects at once on the real socket with the cursors it holds, and the server replays what it
 * missed.
 */
export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const { tabId, platform } = options;
  const channel = new platform.BroadcastChannel(tabChannelName(options.namespace));
  const post = (message: TabMessage): void => channel.postMessage(message);
  const hub = createLeaderHub({ tabId, transport: options.transport, post, activeStreams: options.activeStreams });
  // A leader that holds the lock but answers nothing (a hung main thread) would keep every tab
  // offline until it thaws or closes: a follower that hears nothing takes the lock from it.
  const relay = createRelayTransport({ tabId, post, clock: options.clock, onLeaderSilent: () => steal() });
  let role: TabRole = 'pending';
  let disposed = false;
  // Connections asked for before the lock answered: made through the side the lock decides.
  const waiting: Array<() => void> = [];

  channel.onmessage = (event) => {
    const message = event.data;
    if (disposed || !isTabMessage(message) || message.from === tabId) return;
    if (message.kind === 'send') {
      options.onSharedSend(message);
      return;
    }
    if (role === 'leader') {
      hub.receive(message);
      return;
    }
    relay.receive(message);
    if (message.kind === 'ready') options.onLeaderReady();
  };

  const decide = (next: TabRole): void => {
    if (disposed) return;
    const was = role;
    role = next;
    for (const connect of waiting.splice(0)) connect();
    if (next === 'leader') {
      post({ kind: 'leader', from: tabId });
      if (was === 'follower') {
        relay.closeLinks(LEADER_CHANGED_CODE, 'this tab became the leader');
        options.onLeader();
      }
    }
  };

  const name = leaderLockName(options.namespace);
  // Held until dispose (or until another tab steals it); the platform releases it when the tab
  // closes or crashes. Each time this tab leads, a new hold.
  let release: () => void = () => {};
  let queued = new AbortController();
  const lead = (): Promise<void> => {
    const held = new Promise<void>((resolve) => (release = resolve));
    decide('leader');
    return held;
  };
  // A stolen lock rejects its holder's request: this tab was hung, and another tab leads now. Its
  // socket closes, its machine reconnects through a link, and it queues to lead again.
  const lost = (): void => {
    if (disposed || role !== 'leader') return;
    role = 'follower';
    hub.closeSocket();
    queue();
  };
  const queue = (): void => {
    const controller = new AbortController();
    queued = controller;
    // Rejected by our own abort (before a steal, or on dispose) it lost nothing.
    platform.locks.request(name, { signal: controller.signal }, lead).catch(() => {
      if (!controller.signal.aborted) lost();
    });
  };
  const steal = (): void => {
    if (disposed || role !== 'follower') return;
    queued.abort();
    platform.locks.request(name, { steal: true }, lead).catch(lost);
  };
  // Asking without waiting first decides at once whether this tab leads; a follower then queues.
  platform.locks
    .request(name, { ifAvailable: true }, (lock) => {
      if (lock !== null) return lead();
      decide('follower');
      queue();
      return undefined;
    })
    .catch(lost);

  const transport: Transport = {
    connect(handlers: TransportHandlers): TransportConnection {
      if (role !== 'pending') return (role === 'leader' ? hub.transport : relay.transport).connect(handlers);
      let connection: TransportConnection | null = null;
      let closed = false;
      waiting.push(() => {
        if (!closed) connection = (role === 'leader' ? hub.transport : relay.transport).connect(handlers);
      });
      return {
        send: (data) => connection?.send(data),
        close(code, reason) {
          closed = true;
          connection?.close(code, reason);
        },
      };
    },
  };

  return {
    transport,
    get role() {
      return role;
    },
    shareSend: (send) => post({ kind: 'send', from: tabId, ...send }),
    stepDown() {
      if (disposed || role !== 'leader') return;
      role = 'follower';
      release();
      hub.closeSocket();
      queue();
    },
    dispose() {
      if (disposed) return;
      relay.closeLinks(1000, 'tab closed');
      hub.closeLinks(LEADER_CHANGED_CODE, 'the leader tab closed');
      disposed = true;
      queued.abort();
      release();
      channel.close();
    },
  };
}
