// Public API of @rejoin/ui/shared: the framework-agnostic view helpers, for screens that compose
// the kit (React or Vue) and need the same words.
export { storageNotice } from './storageNotice.ts';

export type { ErrorLike, StorageNoticeView } from './storageNotice.ts';
