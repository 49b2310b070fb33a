import { generateChatPaths, runChatPath } from '@rejoin/core/testing';
import { ChatProvider } from '@rejoin/react';
import { reactChatApp } from '@rejoin/react/testing';
import { beforeEach, describe, it } from 'vitest';
import { App } from '../App.tsx';
import { initialConversationId } from '../initialConversationId.ts';

// CI plays a bounded set; locally `REJOIN_PATHS_DEPTH=4 REJOIN_PATHS_SEED=9 npm test` plays every
// path up to that depth, and REJOIN_PATHS_ONLY=<index> replays one (see docs/testing-your-app.md).
const env = process.env;
const depth = Number(env['REJOIN_PATHS_DEPTH'] ?? 3);
const paths = await generateChatPaths({ depth, seed: Number(env['REJOIN_PATHS_SEED'] ?? 1), count: env['REJOIN_PATHS_DEPTH'] ? Infinity : 40 });
const only = env['REJOIN_PATHS_ONLY'];

// The app as main.tsx mounts it: the conversation in the URL (kept across a refresh), else a new one.
const demo = reactChatApp((client) => (
  <ChatProvider client={client}>
    <App initialConversationId={initialConversationId(client, window.location.href)} onSignOut={() => {}} />
  </ChatProvider>
));

describe(`the React demo through ${paths.length} generated reconnection paths (depth ${depth}; per depth ${paths.perDepth.join(' + ')}; statechart covered: ${paths.coverage.states.covered}/${paths.coverage.states.total} states, ${paths.coverage.transitions.covered}/${paths.coverage.transitions.total} transitions)`, () => {
  // Each path is a new visit: no conversation in the URL.
  beforeEach(() => window.history.replaceState(null, '', '/'));
  for (const path of only === undefined ? paths : [paths[Number(only)]!]) {
    it(String(path), () => runChatPath(path, demo));
  }
});
