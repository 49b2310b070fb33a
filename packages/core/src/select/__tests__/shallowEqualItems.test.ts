import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shallowEqualItems } from '../shallowEqualItems.ts';

const item = fc.record({ id: fc.string(), count: fc.integer(), streaming: fc.boolean() });

describe('shallowEqualItems', () => {
  it('treats a list as equal to a rebuilt copy of its items', () => {
    fc.assert(
      fc.property(fc.array(item), (items) => {
        expect(shallowEqualItems(items, items.map((entry) => ({ ...entry })))).toBe(true);
      }),
    );
  });

  it('sees a change in any one field of any one item', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1 }), fc.nat(), (items, at) => {
        const index = at % items.length;
        const changed = items.map((entry, i) => (i === index ? { ...entry, streaming: !entry.streaming } : entry));
        expect(shallowEqualItems(items, changed)).toBe(false);
      }),
    );
  });

  it('tells lists of different lengths apart', () => {
    expect(shallowEqualItems([{ id: 'a' }], [{ id: 'a' }, { id: 'b' }])).toBe(false);
    expect(shallowEqualItems([], [{ id: 'a' }])).toBe(false);
  });

  it('compares items one level deep only, like shallowEqual', () => {
    const nested = { at: 1 };
    expect(shallowEqualItems([{ nested }], [{ nested }])).toBe(true);
    expect(shallowEqualItems([{ nested }], [{ nested: { at: 1 } }])).toBe(false);
  });
});
