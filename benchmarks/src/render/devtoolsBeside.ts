import type { ChatClient, Clock } from '@rejoin/core';
import { mountDevtools } from '@rejoin/devtools';

/** Whether a scenario runs without the devtools panel, with it mounted but closed, or open. */
export type DevtoolsMode = 'none' | 'closed' | 'open';

/**
 * Mounts the devtools panel beside a scenario's app, as a developer would add it, in its own element
 * (the React and Vue mounts wrap exactly this). Counts the panel's renders.
 */
export function devtoolsBeside(client: ChatClient, clock: Clock, mode: DevtoolsMode): { panelRenders(): number; dispose(): void } {
  if (mode === 'none') return { panelRenders: () => 0, dispose: () => {} };
  const host = document.createElement('div');
  document.body.appendChild(host);
  const handle = mountDevtools(host, client, { clock, initialOpen: mode === 'open' });
  return {
    panelRenders: () => handle.renderCount,
    dispose() {
      handle.unmount();
      host.remove();
    },
  };
}

/** How a pattern's label reads with the devtools mode. */
export const withDevtools = (pattern: string, mode: DevtoolsMode): string => (mode === 'none' ? pattern : `${pattern}, devtools ${mode}`);
