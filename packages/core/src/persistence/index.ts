// Persistence of @rejoin/core: named exports only, types kept apart.
export { createMemoryStorage } from './createMemoryStorage.ts';
export { resolveBrowserStorage } from './resolveBrowserStorage.ts';
export { PERSISTED_RECORD_VERSION, PERSISTED_RECORD_FORMAT } from './PersistedRecord.ts';
export { storageKey, segmentKey, REJOIN_KEY_PREFIX, MAX_NAMESPACE_LENGTH } from './storageKey.ts';
export { decodeRecord } from './decodeRecord.ts';
export { recordFromState } from './recordFromState.ts';
export { stateFromRecord } from './stateFromRecord.ts';
export { createPersister, DEFAULT_PERSIST_THROTTLE_MS, DEFAULT_MAX_SEGMENTS } from './createPersister.ts';
export { connectPersistence } from './connectPersistence.ts';
export { clearAllRejoinData } from './clearAllRejoinData.ts';

export type { KeyValueStorage } from './KeyValueStorage.ts';
export type { EnumerableKeyValueStorage } from './createMemoryStorage.ts';
export type { ResolvedStorage } from './resolveBrowserStorage.ts';
export type { PersistedRecord, PersistedQuestion, PersistedSegment, PersistedStream, SegmentEvent } from './PersistedRecord.ts';
export type { DecodeResult } from './decodeRecord.ts';
export type { PersistableState } from './recordFromState.ts';
export type { RestoredState } from './stateFromRecord.ts';
export type { Persister, PersisterOptions, PersisterStats, NothingStored, RestoredWithoutSegment } from './createPersister.ts';
export type { PersistenceConnection, PersistenceSource, PersistableSnapshot } from './connectPersistence.ts';
