import type { ChatClient, ChatSnapshot } from '@rejoin/core';
import type { DevtoolsRecorder } from './createDevtoolsRecorder.ts';
import { hideSecrets } from './hideSecrets.ts';

/** The JSON a user attaches to a bug report. */
export interface SupportBundle {
  readonly format: 'rejoin-support-bundle';
  readonly version: 1;
  readonly createdAt: string;
  /** Whether message text is in it (the developer turned it on); the token never is. */
  readonly includesText: boolean;
  readonly state: unknown;
  readonly persistence: ChatClient['persistenceStats'];
  readonly frames: readonly unknown[];
  /** The states the UI went through, oldest first. */
  readonly history: readonly { readonly at: number; readonly state: unknown }[];
}

/**
 * The recent frames and state, secrets left out: the token always, message text unless
 * `includeText`. The client's context minus what only the machine needs (its jitter seed, config
 * is kept: a bug often hides in a tuning).
 */
export function supportBundle(client: ChatClient, recorder: DevtoolsRecorder, options: { readonly includeText: boolean; readonly now: number }): SupportBundle {
  const reveal = { text: options.includeText, token: false };
  return {
    format: 'rejoin-support-bundle',
    version: 1,
    createdAt: new Date(options.now).toISOString(),
    includesText: options.includeText,
    state: hideSecrets(stateOf(client.getSnapshot()), reveal),
    persistence: client.persistenceStats,
    frames: recorder.frames.map((frame) => hideSecrets({ at: frame.at, direction: frame.direction, bytes: frame.bytes, frame: frame.frame }, reveal)),
    history: recorder.snapshots.map(({ at, snapshot }) => ({ at, state: snapshot.value })),
  };
}

function stateOf(snapshot: ChatSnapshot): unknown {
  // The token is left out here, not only hidden: its length is nobody's business either.
  const { jitterSeed: _jitterSeed, token, ...context } = snapshot.context;
  return { status: snapshot.status, value: snapshot.value, hasToken: token !== null, context };
}
