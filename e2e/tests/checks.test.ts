import { describe, expect, it } from 'vitest';
import { E2E_END, E2E_START, withE2eSection } from '../src/benchmarksDocument.ts';
import type { DemoView, ShownMessage } from '../src/demoView.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { summarize } from '../src/summarize.ts';
import { duplicateIn, expectAppendOnly } from '../src/viewChecks.ts';

function view(messages: readonly Partial<ShownMessage>[], at = 0): DemoView {
  return {
    at,
    conversationId: 'c',
    messages: messages.map((message, index) => ({ id: `m${index}`, role: 'assistant', status: 'streaming', text: '', caret: false, parts: [], approvePrompt: false, ...message })),
    processing: true,
    banner: 'online',
    pending: [],
    pendingIndicator: false,
    stopEnabled: true,
    storageNotice: null,
    unavailable: false,
    conversations: [],
  };
}

describe('the checks the scenarios rely on', () => {
  it('finds a message shown twice by id, or by its text', () => {
    expect(duplicateIn(view([{ id: 'a', text: 'one' }, { id: 'a', text: 'two' }]))).toContain('id a');
    expect(duplicateIn(view([{ id: 'a', text: 'same' }, { id: 'b', text: 'same' }]))).toContain('"same"');
    expect(duplicateIn(view([{ id: 'a', text: '' }, { id: 'b', text: '' }, { id: 'c', text: 'x' }]))).toBeNull();
  });

  it('accepts a reply that only grows by appending, and rejects one shown again from the start', () => {
    const grows = [view([{ id: 'r', text: 'Hel' }]), view([]), view([{ id: 'r', text: 'Hello' }])];
    expect(() => expectAppendOnly(grows, 'r', 'Hello world')).not.toThrow();
    const repeats = [view([{ id: 'r', text: 'Hello' }]), view([{ id: 'r', text: 'He' }])];
    expect(() => expectAppendOnly(repeats, 'r', 'Hello world')).toThrow(/went back/);
    const doubled = [view([{ id: 'r', text: 'Hello Hello' }])];
    expect(() => expectAppendOnly(doubled, 'r', 'Hello world')).toThrow(/not a prefix/);
  });

  it('summarizes timings as median, nearest-rank p90, min and max', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, p90: 5, min: 1, max: 5 });
    const twenty = Array.from({ length: 20 }, (_, index) => 20 - index);
    expect(summarize(twenty)).toMatchObject({ n: 20, median: 10.5, p90: 18 });
    expect(() => summarize([])).toThrow(/nothing to summarize/);
  });

  it('rewrites only the text between the e2e markers of the benchmarks page', () => {
    const page = `# Benchmarks\n\n<!-- bench:start -->\nkept\n<!-- bench:end -->\n\n${E2E_START}\nold\n${E2E_END}\n\ntail\n`;
    const next = withE2eSection(page, 'new figures');
    expect(next).toBe(`# Benchmarks\n\n<!-- bench:start -->\nkept\n<!-- bench:end -->\n\n${E2E_START}\nnew figures\n${E2E_END}\n\ntail\n`);
    expect(withE2eSection('# Benchmarks\n', 'first')).toBe(`# Benchmarks\n\n${E2E_START}\nfirst\n${E2E_END}\n`);
  });

  it('runs both demos unless E2E_FRAMEWORKS names a subset, and refuses an unknown name', () => {
    expect(selectedFrameworks('')).toEqual(['react', 'vue']);
    expect(selectedFrameworks(' vue ')).toEqual(['vue']);
    expect(() => selectedFrameworks('svelte')).toThrow(/E2E_FRAMEWORKS lists "svelte"/);
  });
});
