/**
 * What tab coordination needs from the browser: the Web Locks API, to elect one leader tab per
 * namespace, and `BroadcastChannel`, for the tabs to talk. Injected, so `@rejoin/core/testing` can
 * run several tabs in one test (`createFakeTabs`), and absent where the platform lacks either.
 */
export interface TabLockManager {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly steal?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

export interface TabChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  close(): void;
}

export interface TabPlatform {
  readonly locks: TabLockManager;
  readonly BroadcastChannel: new (name: string) => TabChannel;
}

/**
 * The browser's own locks and channels, or null where either is missing (server rendering, old
 * browsers, some embedded webviews): there each tab keeps its own socket, as before coordination.
 */
export function resolveTabPlatform(): TabPlatform | null {
  const scope = globalThis as {
    navigator?: { locks?: TabLockManager | null };
    BroadcastChannel?: new (name: string) => TabChannel;
  };
  const locks = scope.navigator?.locks;
  const Channel = scope.BroadcastChannel;
  if (locks == null || typeof locks.request !== 'function' || typeof Channel !== 'function') return null;
  return { locks, BroadcastChannel: Channel };
}
