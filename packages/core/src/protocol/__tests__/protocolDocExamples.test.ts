/**
 * Keeps docs/protocol.md honest: every frame example in it goes through the validators.
 *
 * Scheme (documented in the page's "Conventions"): a fenced block tagged `json client` holds one
 * valid client frame, `json server` one valid server frame, and `json invalid` a frame that must be
 * refused, with `<!-- expect: <client|server> <protocol/code> -->` on the line above it naming
 * which side receives it and the expected error code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RejoinErrorCode } from '../../errors/RejoinError.ts';
import { CLIENT_FRAME_TYPES, type ClientFrame, ERROR_CODES, SERVER_FRAME_TYPES, type ServerFrame } from '../frames.ts';
import { parseClientFrame } from '../parseClientFrame.ts';
import { parseServerFrame } from '../parseServerFrame.ts';

// Compile-time guard: the run-time type lists cover their unions, so "every type appears" below
// means every type of the union.
type Missing<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : false;
const clientListComplete: Missing<ClientFrame['type'], (typeof CLIENT_FRAME_TYPES)[number]> = true;
const serverListComplete: Missing<ServerFrame['type'], (typeof SERVER_FRAME_TYPES)[number]> = true;

const DOC_PATH = new URL('../../../../../docs/protocol.md', import.meta.url);
const doc = readFileSync(DOC_PATH, 'utf8');

interface Example {
  readonly tag: 'client' | 'server' | 'invalid';
  readonly body: string;
  readonly line: number;
  /** For `invalid`: who receives it and the expected code. */
  readonly expect?: { readonly side: 'client' | 'server'; readonly code: RejoinErrorCode };
}

function extractExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```json (client|server|invalid)\n([\s\S]*?)\n```$/gm;
  for (let match = fence.exec(markdown); match !== null; match = fence.exec(markdown)) {
    const before = markdown.slice(0, match.index);
    const line = before.split('\n').length;
    const previousLine = before.trimEnd().split('\n').at(-1) ?? '';
    const expectation = /^<!-- expect: (client|server) (protocol\/[a-z_]+) -->$/.exec(previousLine);
    examples.push({
      tag: match[1] as Example['tag'],
      body: match[2] ?? '',
      line,
      ...(expectation === null
        ? {}
        : { expect: { side: expectation[1] as 'client' | 'server', code: expectation[2] as RejoinErrorCode } }),
    });
  }
  return examples;
}

const examples = extractExamples(doc);
const named = (tag: Example['tag']) =>
  examples.filter((example) => example.tag === tag).map((example) => [`line ${example.line}`, example] as const);

describe('docs/protocol.md', () => {
  it('lists every frame type at run time', () => {
    expect([clientListComplete, serverListComplete]).toEqual([true, true]);
  });

  it('tags every json block as client, server or invalid, so none escapes these checks', () => {
    const jsonFences = doc.match(/^```json.*$/gm) ?? [];
    expect(jsonFences.length).toBe(examples.length);
    expect(jsonFences.every((fence) => /^```json (client|server|invalid)$/.test(fence))).toBe(true);
  });

  it('holds more than 20 examples, invalid ones included', () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(named('invalid').length).toBeGreaterThan(5);
  });

  it('shows every client frame type at least once', () => {
    const shown = new Set(named('client').map(([, example]) => (JSON.parse(example.body) as { type: string }).type));
    expect(CLIENT_FRAME_TYPES.filter((type) => !shown.has(type))).toEqual([]);
  });

  it('shows every server frame type at least once', () => {
    const shown = new Set(named('server').map(([, example]) => (JSON.parse(example.body) as { type: string }).type));
    expect(SERVER_FRAME_TYPES.filter((type) => !shown.has(type))).toEqual([]);
  });

  it('lists in its table of error codes exactly the codes the types define', () => {
    const section = doc.slice(doc.indexOf('## 13. Errors'), doc.indexOf('## 14.'));
    const tableCodes = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]);
    expect(new Set(tableCodes)).toEqual(new Set(ERROR_CODES));
  });

  it('shows an example of every error code a v1 server sends (forbidden is never sent)', () => {
    const shown = new Set(
      named('server')
        .map(([, example]) => JSON.parse(example.body) as { type: string; code?: string })
        .filter((frame) => frame.type === 'error')
        .map((frame) => frame.code),
    );
    expect(ERROR_CODES.filter((code) => code !== 'forbidden' && !shown.has(code))).toEqual([]);
    expect(shown.has('forbidden')).toBe(false);
  });

  it.each(named('client'))('accepts the client example at %s', (_, example) => {
    const result = parseClientFrame(example.body);
    expect(result.ok ? 'ok' : result.error.message).toBe('ok');
  });

  it.each(named('server'))('accepts the server example at %s', (_, example) => {
    const result = parseServerFrame(example.body);
    expect(result.ok ? 'ok' : result.error.message).toBe('ok');
  });

  it.each(named('invalid'))('refuses the invalid example at %s with the code it documents', (_, example) => {
    expect(example.expect, 'an invalid example needs an <!-- expect: side code --> line above it').toBeDefined();
    if (example.expect === undefined) return;
    const parse = example.expect.side === 'client' ? parseClientFrame : parseServerFrame;
    const result = parse(example.body);
    expect(result.ok ? 'accepted' : result.error.code).toBe(example.expect.code);
  });
});
