import { shallowEqual } from './shallowEqual.ts';

/**
 * Equal when both lists have the same length and each pair of items is `shallowEqual`. For
 * selectors that rebuild their items on every change (the conversation list does, on every chunk),
 * so a component bound to them re-renders only when an item's fields change.
 */
export function shallowEqualItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  return a.length === b.length && a.every((item, index) => shallowEqual(item, b[index] as T));
}
