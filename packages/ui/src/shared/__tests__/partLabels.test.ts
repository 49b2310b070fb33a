import { describe, expect, it } from 'vitest';
import { approvalDecision, fileName, formatJson, hasRichParts, reasoningLabel, sourceLabel, toolCallInput, toolCallStatus } from '../partLabels.ts';

describe('part labels', () => {
  it('names a file by its filename, else its URL path last segment decoded, never a data: URL body', () => {
    expect(fileName({ url: 'https://x.test/a/b.pdf', filename: 'Plan.pdf' })).toBe('Plan.pdf');
    expect(fileName({ url: 'https://x.test/maps/old%20town.png?size=2#top' })).toBe('old town.png');
    expect(fileName({ url: 'https://x.test/docs/' })).toBe('docs');
    expect(fileName({ url: 'https://x.test/' })).toBe('x.test');
    expect(fileName({ url: 'data:image/png;base64,AAAA' })).toBe('file');
    expect(fileName({ url: 'uploads/report.csv?v=1' })).toBe('report.csv');
  });

  it('labels a source by a non-blank title, else its host, else the URL as given', () => {
    expect(sourceLabel({ url: 'https://en.wikipedia.org/wiki/Lisbon', title: 'Lisbon' })).toBe('Lisbon');
    expect(sourceLabel({ url: 'https://en.wikipedia.org/wiki/Lisbon', title: '  ' })).toBe('en.wikipedia.org');
    expect(sourceLabel({ url: 'not a url' })).toBe('not a url');
  });

  it('says thinking until done, then the whole seconds it took (at least 1), or just "Thought"', () => {
    expect(reasoningLabel(false, { startedAt: 0, endedAt: 9_000 })).toBe('Thinking…');
    expect(reasoningLabel(true, { startedAt: 0, endedAt: 2_600 })).toBe('Thought for 3 s');
    expect(reasoningLabel(true, { startedAt: 0, endedAt: 200 })).toBe('Thought for 1 s');
    expect(reasoningLabel(true, { startedAt: 0 })).toBe('Thought');
  });

  it('keeps partial input text while streaming and pretty-prints parsed input after', () => {
    expect(toolCallInput({ state: 'input-streaming', inputText: '{"a":', input: undefined })).toBe('{"a":');
    expect(toolCallInput({ state: 'output-available', inputText: '{"a":1}', input: { a: 1 } })).toBe('{\n  "a": 1\n}');
    expect(formatJson(undefined)).toBe('undefined');
  });

  it('tells which way an answered approval went, in the status and the decision', () => {
    expect(toolCallStatus({ state: 'approval-responded', approval: { approved: false } })).toEqual({ label: 'Denied', tone: 'danger' });
    expect(approvalDecision({ state: 'approval-responded', approval: { approved: true, reason: '' } })).toBe('You approved this call.');
    expect(approvalDecision({ state: 'output-denied' })).toBe('Denied.');
    expect(approvalDecision({ state: 'approval-requested' })).toBeNull();
  });

  it('wants the parts renderer only for a message with more than text', () => {
    expect(hasRichParts(undefined)).toBe(false);
    expect(hasRichParts([{ type: 'text', text: 'hi' }])).toBe(false);
    expect(hasRichParts([{ type: 'text', text: 'hi' }, { type: 'source', sourceId: 's', url: 'https://x.test' }])).toBe(true);
  });
});
