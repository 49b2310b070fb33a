/**
 * The fields of `after` that differ (by reference) from `before`. XState's `assign` copies the
 * whole context and then every field handed to it: handing it only what changed (on a streaming
 * chunk, the conversations and a counter) keeps that copy to the fields that need it.
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key in after) {
    if (after[key] !== before[key]) changed[key] = after[key];
  }
  return changed;
}
