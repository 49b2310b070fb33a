// Public API of @rejoin/devtools: the framework-agnostic panel. React and Vue mounts are the
// `@rejoin/devtools/react` and `@rejoin/devtools/vue` entries.
export { mountDevtools } from './panel/mountDevtools.ts';
export { createDevtoolsRecorder } from './recorder/createDevtoolsRecorder.ts';
export { supportBundle } from './recorder/supportBundle.ts';
export { hideSecrets } from './recorder/hideSecrets.ts';
export { statechartTree, activePaths } from './statechart/statechartTree.ts';

export type { DevtoolsHandle, DevtoolsOptions } from './panel/mountDevtools.ts';
export type { DevtoolsRecorder, LoggedFrame, RecordedSnapshot, RecorderOptions } from './recorder/createDevtoolsRecorder.ts';
export type { SupportBundle } from './recorder/supportBundle.ts';
export type { RevealOptions } from './recorder/hideSecrets.ts';
export type { StatechartNode } from './statechart/statechartTree.ts';
