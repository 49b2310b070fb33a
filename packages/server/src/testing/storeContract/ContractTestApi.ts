/**
 * The part of a test runner's API the store contracts use. vitest's and jest's `describe`, `it` and
 * `expect` fit it as they are; taking them as a parameter keeps the runner out of this package's
 * dependencies, so the contracts run under whichever one the store's authors use.
 */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  expect(actual: unknown, message?: string): ContractAssertion;
}

/** The matchers the contracts call. */
export interface ContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeNull(): void;
  toHaveLength(length: number): void;
  readonly not: ContractAssertion;
  readonly rejects: { toMatchObject(expected: object): Promise<void> };
}
