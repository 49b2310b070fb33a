import type { ContractTestApi } from './ContractTestApi.ts';

/**
 * The storage a contract runs one test against: a Redis key prefix, a database schema, or nothing
 * at all for an in-memory store. Each test gets a fresh, empty one.
 */
export interface StoreContractBackend<Store, Settings> {
  /**
   * Opens a store on this backend with the settings a case needs (a clock, a retention). Called
   * once per test, or once per simulated server instance when the backend is shared.
   */
  open(settings: Settings): Promise<Store>;
  /**
   * Runs after each test, pass or fail, once the contract has closed every store it opened:
   * release connections and delete what the test wrote.
   */
  cleanup(): Promise<void>;
}

/** How a contract is told to run against one kind of store. */
export interface StoreContractOptions<Store, Settings> {
  /** vitest's (or jest's) `describe`, `it` and `expect`. */
  readonly test: ContractTestApi;
  /** A fresh, empty backend for one test. */
  readonly createBackend: () => Promise<StoreContractBackend<Store, Settings>>;
  /**
   * True when every store opened on one backend sees the same data, as server instances sharing
   * one database do: the cases that involve several instances then use several stores, and check
   * that what one instance writes reaches the others. False runs those cases on a single store.
   * @default false
   */
  readonly sharedAcrossInstances?: boolean;
}
