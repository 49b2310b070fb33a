// Persistence of @rejoin/core: named exports only, types kept apart.
export { createMemoryStorage } from './createMemoryStorage.ts';
export { resolveBrowserStorage } from './resolveBrowserStorage.ts';
export { PERSISTED_RECORD_VERSION, PERSISTED_RECORD_FORMAT } from './PersistedRecord.ts';
export { storageKey, REJOIN_KEY_PREFIX, MAX_NAMESPACE_LENGTH } from './storageKey.ts';
export { decodeRecord } from './decodeRecord.ts';
export { recordFromState } from './recordFromState.ts';
export { stateFromRecord } from './stateFromRecord.ts';
export { createPersister, DEFAULT_PERSIST_THROTTLE_MS } from './createPersister.ts';
export { clearAllRejoinData } from './clearAllRejoinData.ts';

export type { KeyValueStorage } from './KeyValueStorage.ts';
export type { EnumerableKeyValueStorage } from './createMemoryStorage.ts';
export type { ResolvedStorage } from './resolveBrowserStorage.ts';
export type { PersistedRecord, PersistedQuestion, PersistedStream } from './PersistedRecord.ts';
export type { DecodeResult } from './decodeRecord.ts';
export type { PersistableState } from './recordFromState.ts';
export type { RestoredState } from './stateFromRecord.ts';
export type { Persister, PersisterOptions, PersisterStats, NothingStored } from './createPersister.ts';
