/** The part of a `RejoinError` the notice reads (a plain `{ code }` works in tests). */
export interface ErrorLike {
  readonly code: string;
}

export interface StorageNoticeView {
  /** Which problem, also the notice's `data-problem`. */
  readonly problem: 'corrupt' | 'full' | 'unavailable';
  readonly title: string;
  readonly detail: string;
}

/**
 * What to tell the user about a storage problem (the client's newest, `selectStorageError`), or
 * null when there is nothing to tell. Pure and framework-agnostic, so the React and Vue notices say
 * the same words: one notice, never a pile of them.
 */
export function storageNotice(error: ErrorLike | null): StorageNoticeView | null {
  switch (error?.code) {
    case 'storage/corrupt':
    case 'storage/version':
    case 'storage/foreign_namespace':
      return {
        problem: 'corrupt',
        title: 'Your saved chat state could not be read.',
        detail: 'It was reset. Your conversations are safe on the server and have been loaded again.',
      };
    case 'storage/quota':
      return {
        problem: 'full',
        title: 'Browser storage is full.',
        detail: 'A reply in progress will not survive a refresh until some space is freed.',
      };
    case 'storage/unavailable':
      return {
        problem: 'unavailable',
        title: 'This browser does not keep chats between visits.',
        detail: 'Storage is blocked, so a refresh mid-reply starts it over.',
      };
    default:
      return null;
  }
}
