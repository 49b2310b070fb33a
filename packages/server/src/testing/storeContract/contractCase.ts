import type { StoreContractOptions } from './StoreContractBackend.ts';

/** What one contract case is handed: stores on its own fresh backend. */
export interface ContractInstances<Store, Settings> {
  /** The case's first store, opened with `settings`. */
  open(settings?: Settings): Promise<Store>;
  /**
   * A store standing for another server instance: a new store on the same backend when the backend
   * is shared, else the first store again (opened with no settings if the case has none yet).
   */
  peer(): Promise<Store>;
}

/**
 * Wraps a case's body so that it runs on a fresh backend, and every store it opened is closed and
 * the backend cleaned up afterwards even when an assertion fails.
 */
export function contractCase<Store extends { close(): Promise<void> }, Settings extends object>(
  options: StoreContractOptions<Store, Settings>,
  body: (instances: ContractInstances<Store, Settings>) => Promise<void>,
): () => Promise<void> {
  return async () => {
    const backend = await options.createBackend();
    const opened: Store[] = [];
    const open = async (settings = {} as Settings): Promise<Store> => {
      const store = await backend.open(settings);
      opened.push(store);
      return store;
    };
    try {
      await body({
        open,
        peer: async () => (options.sharedAcrossInstances === true || opened[0] === undefined ? open() : opened[0]),
      });
    } finally {
      try {
        for (const store of opened) await store.close();
      } finally {
        await backend.cleanup();
      }
    }
  };
}
