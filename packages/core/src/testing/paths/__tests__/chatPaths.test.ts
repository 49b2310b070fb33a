import { describe, expect, it } from 'vitest';
import {
  ChatPathError,
  chatPath,
  chatPathFromTitle,
  generateChatPaths,
  headlessChatApp,
  runChatPath,
  type ChatAppDriver,
  type ShownChat,
} from '../../index.ts';

/** The headless app with its reading bent by `distort`: a UI with a bug the invariants must catch. */
function buggyApp(distort: (shown: ShownChat) => ShownChat): ChatAppDriver {
  const inner = headlessChatApp();
  return {
    async mount(client) {
      const app = await inner.mount(client);
      return { ...app, read: () => distort(app.read()) };
    },
  };
}

// Generation plays hundreds of candidate paths on a client: bounded and synchronous in fake time.
describe('generated chat paths', { timeout: 0 }, async () => {
  const paths = await generateChatPaths({ depth: 2, seed: 7 });

  it('are the same for the same seed, and read as test titles that replay them', async () => {
    const again = await generateChatPaths({ depth: 2, seed: 7 });
    expect(again.map(String)).toEqual(paths.map(String));
    expect(paths.every((path, index) => path.seed === 7 && path.index === index)).toBe(true);
    const title = String(paths[paths.length - 1]);
    expect(title).toContain(' → ');
    expect(String(chatPathFromTitle(title))).toBe(title);
    expect(chatPathFromTitle(title).steps.every((step) => step.description.length > 0)).toBe(true);
  });

  it('grow with depth, shortest first; a count keeps the ones that cover the most', async () => {
    expect(paths.perDepth).toHaveLength(2);
    expect(paths.perDepth.reduce((sum, n) => sum + n, 0)).toBe(paths.length);
    expect(paths.map((path) => path.steps.length)).toEqual([...paths.map((path) => path.steps.length)].sort((a, b) => a - b));
    const few = await generateChatPaths({ depth: 2, seed: 7, count: 12 });
    expect(few).toHaveLength(12);
    expect(few.every((path) => paths.map(String).includes(String(path)))).toBe(true);
    // More of the statechart than the first twelve found, which are single steps.
    expect(paths.slice(0, 12).every((path) => path.steps.length === 1)).toBe(true);
    expect(few.some((path) => path.steps.length === 2)).toBe(true);
    expect(few.coverage.transitions.covered).toBeGreaterThan(paths.coverage.transitions.covered * 0.8);
  });

  it('reach every state of the statechart at depth 2, and say which transitions they miss', () => {
    expect(paths.coverage.states.missing).toEqual([]);
    expect(paths.coverage.transitions.covered + paths.coverage.transitions.missing.length).toBe(paths.coverage.transitions.total);
    console.log(`[paths] depth 2: ${paths.length} paths (${paths.perDepth.join(' + ')}), ${paths.explored} explored; states ${paths.coverage.states.covered}/${paths.coverage.states.total}, transitions ${paths.coverage.transitions.covered}/${paths.coverage.transitions.total}`);
  });

  it('all keep the invariants on the client itself', async () => {
    for (const path of paths) await runChatPath(path, headlessChatApp());
  });

  it('take only the steps an app can take', async () => {
    const withoutList = await generateChatPaths({ depth: 2, seed: 7, count: 30, steps: ['send', 'stop', 'offline', 'online', 'refresh', 'time passes'] });
    const used = new Set(withoutList.flatMap((path) => path.steps.map((step) => step.name)));
    expect([...used].sort()).toEqual(['offline', 'online', 'refresh', 'send', 'stop', 'time passes']);
    await expect(generateChatPaths({ steps: ['send', 'reboot'] })).rejects.toThrow(/No chat step is named "reboot"/);
  });

  it('refuse a step no catalogue has, naming the steps there are', () => {
    expect(() => chatPathFromTitle('send → unplug the router')).toThrow(/No chat step is named "unplug the router".*send, stop/);
  });
});

describe('runChatPath', () => {
  const path = chatPath(['send', 'drop (clean)', 'time passes']);

  it('fails a UI that shows a message twice, naming the path, the step and the replay', async () => {
    const twice = buggyApp((shown) => ({ ...shown, messages: [...shown.messages, ...shown.messages.slice(-1)] }));
    const failure = runChatPath(path, twice);
    await expect(failure).rejects.toBeInstanceOf(ChatPathError);
    await expect(runChatPath(path, twice)).rejects.toThrow(/Path "send → drop \(clean\) → time passes" failed at step 1 "send": no message shown twice.*\n  replay: chatPathFromTitle/);
  });

  it('fails a UI whose Send does nothing', async () => {
    const inner = headlessChatApp();
    const deaf: ChatAppDriver = {
      async mount(client) {
        return { ...(await inner.mount(client)), send: () => {} };
      },
    };
    await expect(runChatPath(path, deaf)).rejects.toThrow(/at step 1 "send": a sent message is shown at once: "message 1" is not on screen/);
  });

  it('fails a UI whose streaming text shrinks', async () => {
    let reads = 0;
    const flicker = buggyApp((shown) => ({
      ...shown,
      // Every third reading shows the reply one character short, as a re-render from stale state would.
      messages: shown.messages.map((message) => (message.role === 'assistant' && ++reads % 3 === 0 ? { ...message, text: message.text.slice(0, -1) } : message)),
    }));
    await expect(runChatPath(path, flicker)).rejects.toThrow(/text never shrinks or repeats: message \S+ went from/);
  });

  it('fails a UI whose processing indicator lags the client', async () => {
    const stuck = buggyApp((shown) => ({ ...shown, processing: false }));
    await expect(runChatPath(path, stuck)).rejects.toThrow(/indicators agree with the client: the processing indicator is off, the client is processing/);
  });

  it('fails a connection indicator that says online while the client is disconnected', async () => {
    const alwaysOnline = buggyApp((shown) => ({ ...shown, connection: 'online' }));
    await expect(runChatPath(chatPath(['offline']), alwaysOnline)).rejects.toThrow(/says "online" while the client is (disconnected|connecting)/);
  });

  it("fails a UI that hides the server's final text", async () => {
    const lossy = buggyApp((shown) => ({ ...shown, messages: shown.messages.filter((message) => message.role !== 'assistant') }));
    await expect(runChatPath(chatPath(['send']), lossy)).rejects.toThrow(/once the world was at rest: the final text equals the server's/);
  });

  it("runs the app's own assertions at every reading and reports them as the path's failure", async () => {
    const seen: number[] = [];
    await expect(
      runChatPath(path, headlessChatApp(), {
        onStep({ stepIndex, shown }) {
          seen.push(stepIndex);
          if (stepIndex === 2 && shown.messages.length > 0) throw new Error('our badge is missing');
        },
      }),
    ).rejects.toThrow(/at step 3 "time passes": your onStep check: our badge is missing/);
    expect(seen).toContain(-1);
    expect(seen).toContain(1);
  });

  it('delivers a message typed offline exactly once, across a refresh, and returns the world for last checks', async () => {
    const report = await runChatPath(chatPath(['offline', 'send', 'refresh', 'online']), headlessChatApp());
    const conversationId = report.client.getSnapshot().context.openConversationId!;
    expect(report.server.history(conversationId).map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(report.readings).toBeGreaterThan(10);
  });
});
