import { describe, expect, it, vi } from 'vitest';
import { createChatClient, type ChatClient } from '../../client/createChatClient.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer } from '../../testing/createFakeServer.ts';
import { createFakeTabs, type FakeTab } from '../../testing/createFakeTabs.ts';
import { createFakeTransport } from '../../testing/createFakeTransport.ts';
import { createTabCoordinator, leaderLockName, tabChannelName } from '../createTabCoordinator.ts';
import { resolveTabPlatform } from '../TabPlatform.ts';

const C = 'conv-1';

function browser(options: { tokensPerSecond?: number } = {}) {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: options.tokensPerSecond ?? 20 });
  const fakeTabs = createFakeTabs({ clock });
  // localStorage is one per origin: every tab shares it.
  const storage = createMemoryStorage();
  let tabCount = 0;
  const open = (namespace = 'user-1'): { client: ChatClient; tab: FakeTab; index: number } => {
    const index = ++tabCount;
    const tab = fakeTabs.tab();
    let ids = 0;
    const client = createChatClient({
      transport: server.transport,
      namespace,
      storage,
      clock: tab.clock,
      tabPlatform: tab.platform,
      generateId: () => `t${index}n${++ids}`,
      frameBatchMs: 0,
    });
    return { client, tab, index };
  };
  return { clock, server, fakeTabs, storage, open };
}

const openConnections = (server: FakeServer): number => server.fake.connections.filter((connection) => connection.state === 'open').length;

function textOf(client: ChatClient, conversationId = C): string {
  const conversation = client.getSnapshot().context.conversations[conversationId];
  return (conversation?.messages ?? []).map((message) => `${message.role}:${message.text}`).join('|');
}

const serverText = (server: FakeServer, conversationId = C): string =>
  server.history(conversationId).map((message) => `${message.role}:${message.text}`).join('|');

/** What every tab shows may only grow: a repeat or a gap would break the prefix. */
function expectGrowing(previous: string, next: string): void {
  expect(next.startsWith(previous), `"${next.slice(-60)}" does not continue "${previous.slice(-60)}"`).toBe(true);
}

describe('tab coordination', () => {
  it('holds one server connection for five tabs, and every tab shows the same stream', () => {
    const { clock, server, open } = browser();
    const tabs = Array.from({ length: 5 }, () => open());
    clock.advance(50);
    for (const { client } of tabs) client.open(C);
    clock.advance(50);
    expect(openConnections(server)).toBe(1);
    expect(server.fake.connections).toHaveLength(1);
    for (const { client } of tabs) expect(client.getSnapshot().hasTag('connected')).toBe(true);

    tabs[3]!.client.send('hello from a follower');
    const shown = tabs.map(() => '');
    for (let step = 0; step < 400; step += 1) {
      clock.advance(25);
      tabs.forEach(({ client }, index) => {
        const text = textOf(client);
        expectGrowing(shown[index]!, text);
        shown[index] = text;
      });
      expect(new Set(shown).size).toBe(1);
    }
    expect(server.isGenerating(C)).toBe(false);
    expect(shown[0]).toBe(serverText(server));
    expect(server.history(C).filter((message) => message.role === 'user')).toHaveLength(1);
    expect(server.fake.connections).toHaveLength(1);
  });

  it('hands over within 1 s when the leader crashes mid-stream: no token lost, none doubled', () => {
    const { clock, server, fakeTabs, open } = browser();
    const tabs = [open(), open(), open()];
    clock.advance(50);
    for (const { client } of tabs) client.open(C);
    clock.advance(50);
    const leaderIndex = fakeTabs.holderOf(leaderLockName('user-1'));
    const leader = tabs.find((tab) => tab.index === leaderIndex)!;
    const followers = tabs.filter((tab) => tab !== leader);
    followers[0]!.client.send('tell me a story');
    clock.advance(1_000);
    expect(server.isGenerating(C)).toBe(true);

    // The tab dies: its channel goes silent, its lock is released, its socket closes.
    leader.tab.crash();
    leader.client.dispose();
    const shown = followers.map(({ client }) => textOf(client));
    let handedOverAfter: number | null = null;
    for (let elapsed = 10; elapsed <= 20_000; elapsed += 10) {
      clock.advance(10);
      followers.forEach(({ client }, index) => {
        const text = textOf(client);
        expectGrowing(shown[index]!, text);
        shown[index] = text;
      });
      if (handedOverAfter === null && openConnections(server) === 1 && followers.every(({ client }) => client.getSnapshot().hasTag('connected'))) {
        handedOverAfter = elapsed;
      }
    }
    expect(handedOverAfter).not.toBeNull();
    expect(handedOverAfter!).toBeLessThan(1_000);
    expect(server.isGenerating(C)).toBe(false);
    for (const text of shown) expect(text).toBe(serverText(server));
    expect(openConnections(server)).toBe(1);
  });

  it('never shows a follower connected while the leader is offline', () => {
    const { clock, server, fakeTabs, open } = browser();
    const tabs = [open(), open()];
    clock.advance(50);
    const leader = tabs.find((tab) => tab.index === fakeTabs.holderOf(leaderLockName('user-1')))!;
    const follower = tabs.find((tab) => tab !== leader)!;
    expect(follower.client.getSnapshot().hasTag('connected')).toBe(true);

    server.setDown(true);
    let followerWasOffline = false;
    for (let step = 0; step < 300; step += 1) {
      clock.advance(10);
      const leaderOnline = leader.client.getSnapshot().hasTag('connected');
      const followerOnline = follower.client.getSnapshot().hasTag('connected');
      if (!leaderOnline) expect(followerOnline).toBe(false);
      if (!followerOnline) followerWasOffline = true;
    }
    expect(followerWasOffline).toBe(true);
    server.setDown(false);
    clock.advance(40_000);
    expect(leader.client.getSnapshot().hasTag('connected')).toBe(true);
    expect(follower.client.getSnapshot().hasTag('connected')).toBe(true);
  });

  it('delivers messages sent from two followers while offline once each, in order, whichever tab leads when back', () => {
    const { clock, server, fakeTabs, open } = browser({ tokensPerSecond: 200 });
    const tabs = [open(), open(), open()];
    clock.advance(50);
    for (const { client } of tabs) client.open(C);
    clock.advance(50);
    const leader = tabs.find((tab) => tab.index === fakeTabs.holderOf(leaderLockName('user-1')))!;
    const [first, second] = tabs.filter((tab) => tab !== leader);

    server.setDown(true);
    clock.advance(100);
    first!.client.send('first, from a follower');
    clock.advance(10);
    second!.client.send('second, from another');
    clock.advance(10);
    // The leader is gone before the connection returns: a follower leads and delivers both.
    leader.tab.crash();
    leader.client.dispose();
    clock.advance(10);
    server.setDown(false);
    clock.advance(60_000);

    const users = server.history(C).filter((message) => message.role === 'user').map((message) => message.text);
    expect(users).toEqual(['first, from a follower', 'second, from another']);
    for (const tab of [first!, second!]) {
      expect(tab.client.getSnapshot().context.outbox).toEqual([]);
      expect(textOf(tab.client)).toBe(serverText(server));
    }
  });

  it('lets only the leader write storage, and a whole reload mid-stream resumes from it', async () => {
    const { clock, server, fakeTabs, open } = browser();
    const tabs = [open(), open(), open()];
    clock.advance(50);
    for (const { client } of tabs) client.open(C);
    clock.advance(50);
    tabs[1]!.client.send('a long answer please');
    clock.advance(1_000);
    expect(server.isGenerating(C)).toBe(true);
    const leaderIndex = fakeTabs.holderOf(leaderLockName('user-1'));
    for (const { client, index } of tabs) {
      if (index === leaderIndex) expect(client.persistenceStats.writes).toBeGreaterThan(0);
      else expect(client.persistenceStats.writes).toBe(0);
    }

    const before = tabs.map(({ client }) => textOf(client));
    for (const { client } of tabs) client.dispose();
    // A lock is released once its holder's callback settles: a promise, so a microtask later.
    await Promise.resolve();
    const reloaded = [open(), open(), open()];
    const shown = reloaded.map(({ client }) => textOf(client));
    // Restored from the leader's record before anything else arrives.
    shown.forEach((text, index) => {
      expect(text).toContain('assistant:');
      expect(before[index]!.startsWith(text)).toBe(true);
    });
    for (let step = 0; step < 2_000; step += 1) {
      clock.advance(10);
      reloaded.forEach(({ client }, index) => {
        const text = textOf(client);
        expectGrowing(shown[index]!, text);
        shown[index] = text;
      });
    }
    for (const text of shown) expect(text).toBe(serverText(server));
    expect(openConnections(server)).toBe(1);
  });

  it('never lets a tab of another namespace join the first user\'s leader', () => {
    const { clock, server, open } = browser();
    const first = [open('user-1'), open('user-1')];
    const other = open('user-2');
    clock.advance(50);
    expect(openConnections(server)).toBe(2);
    const hellos = server.fake.connections.map((connection) => connection.sent.find((frame) => frame.type === 'hello'));
    expect(hellos.every((hello) => hello !== undefined)).toBe(true);
    for (const { client } of [...first, other]) expect(client.getSnapshot().hasTag('connected')).toBe(true);
  });

  it('opens one socket per tab with tabs: independent', () => {
    const { clock, server, fakeTabs } = browser();
    const storage = createMemoryStorage();
    const clients = [1, 2, 3].map(() =>
      createChatClient({ transport: server.transport, namespace: 'user-1', storage, clock, tabs: 'independent', tabPlatform: fakeTabs.tab().platform }),
    );
    clock.advance(50);
    expect(openConnections(server)).toBe(3);
    for (const client of clients) client.dispose();
  });
});

describe('a hung leader tab', () => {
  it('loses the lock to a follower that hears nothing from it, and steps down when it runs again', async () => {
    const { clock, server, fakeTabs, open } = browser();
    const tabs = [open(), open(), open()];
    clock.advance(50);
    for (const { client } of tabs) client.open(C);
    clock.advance(50);
    const lock = leaderLockName('user-1');
    const leader = tabs.find((tab) => tab.index === fakeTabs.holderOf(lock))!;
    const followers = tabs.filter((tab) => tab !== leader);
    followers[0]!.client.send('keep going while the leader hangs');
    clock.advance(500);

    leader.tab.freeze();
    const shown = followers.map(({ client }) => textOf(client));
    let newLeaderAfter: number | null = null;
    for (let elapsed = 50; elapsed <= 60_000; elapsed += 50) {
      clock.advance(50);
      await Promise.resolve();
      followers.forEach(({ client }, index) => {
        const text = textOf(client);
        expectGrowing(shown[index]!, text);
        shown[index] = text;
      });
      if (newLeaderAfter === null && fakeTabs.holderOf(lock) !== leader.index && fakeTabs.holderOf(lock) !== null) newLeaderAfter = elapsed;
    }
    // The followers' heartbeat notices the silence (interval + timeout), then a link request goes unanswered.
    expect(newLeaderAfter).not.toBeNull();
    expect(newLeaderAfter!).toBeLessThanOrEqual(15_000 + 10_000 + 10_000 + 3_000);
    for (const { client } of followers) expect(client.getSnapshot().hasTag('connected')).toBe(true);

    leader.tab.thaw();
    clock.advance(40_000);
    await Promise.resolve();
    clock.advance(40_000);
    expect(openConnections(server)).toBe(1);
    for (const { client } of tabs) {
      expect(client.getSnapshot().hasTag('connected')).toBe(true);
      expect(textOf(client)).toBe(serverText(server));
    }
  });
});

describe('the tab channel and the platform', () => {
  it('ignores what other scripts post on the channel', () => {
    const { clock, server, fakeTabs, open } = browser();
    const tabs = [open(), open()];
    const stranger = new (fakeTabs.tab().platform.BroadcastChannel)(tabChannelName('user-1'));
    clock.advance(50);
    for (const junk of [null, 42, 'hello', { kind: 'server' }, { kind: 'frame', from: 'x', link: 1, data: '{}' }, { kind: 'send', from: 'x', text: 3 }]) {
      stranger.postMessage(junk);
    }
    clock.advance(50);
    expect(openConnections(server)).toBe(1);
    for (const { client } of tabs) {
      expect(client.getSnapshot().hasTag('connected')).toBe(true);
      expect(client.getSnapshot().context.outbox).toEqual([]);
    }
  });

  it('coordinates only where both Web Locks and BroadcastChannel exist', () => {
    const locks = { request: () => Promise.resolve() };
    const channel = globalThis.BroadcastChannel;
    vi.stubGlobal('navigator', undefined);
    expect(resolveTabPlatform()).toBeNull();
    vi.stubGlobal('navigator', { locks });
    vi.stubGlobal('BroadcastChannel', undefined);
    expect(resolveTabPlatform()).toBeNull();
    vi.stubGlobal('BroadcastChannel', channel);
    expect(resolveTabPlatform()?.locks).toBe(locks);
    vi.unstubAllGlobals();
  });
});

describe('stepping down on pagehide', () => {
  it('hands the lock to the next tab at once, and the page that lives on follows', async () => {
    const clock = new FakeClock();
    const fakeTabs = createFakeTabs({ clock });
    const transport = createFakeTransport();
    const lock = leaderLockName('user-1');
    const coordinators = [1, 2].map((index) =>
      createTabCoordinator({
        namespace: 'user-1',
        tabId: `tab-${index}`,
        platform: fakeTabs.tab().platform,
        clock,
        transport: transport.transport,
        activeStreams: () => [],
        onLeader: () => {},
        onLeaderReady: () => {},
        onSharedSend: () => {},
      }),
    );
    clock.flush();
    expect(coordinators.map((coordinator) => coordinator.role)).toEqual(['leader', 'follower']);
    expect(fakeTabs.holderOf(lock)).toBe(1);

    coordinators[0]!.stepDown();
    expect(coordinators[0]!.role).toBe('follower');
    // The lock is released once its holder's callback settles (a microtask), then granted.
    await Promise.resolve();
    clock.flush();
    expect(coordinators.map((coordinator) => coordinator.role)).toEqual(['follower', 'leader']);
    expect(fakeTabs.holderOf(lock)).toBe(2);
    for (const coordinator of coordinators) coordinator.dispose();
  });
});
