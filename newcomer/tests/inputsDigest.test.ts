import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputsDigest } from '../../scripts/inputsDigest.mjs';

/** npm start skips a build step when this digest equals the one of its last successful build. */
describe("npm start's up-to-date check", () => {
  let root: string;
  const digest = (): string => inputsDigest(root, ['src', 'package.json'], ['tsc', '-p', 'tsconfig.build.json']);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rejoin-digest-'));
    mkdirSync(join(root, 'src', '__tests__'), { recursive: true });
    writeFileSync(join(root, 'src', 'index.ts'), 'export const answer = 42;\n');
    writeFileSync(join(root, 'src', 'extra.ts'), 'export {};\n');
    writeFileSync(join(root, 'src', '__tests__', 'index.test.ts'), '// a test\n');
    writeFileSync(join(root, 'package.json'), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is the same when nothing the build reads changed', () => {
    const before = digest();
    writeFileSync(join(root, 'src', '__tests__', 'index.test.ts'), '// another test\n');
    expect(digest()).toBe(before);
  });

  // A modification-time check (the stamp's first form) missed this: the file is older than the stamp.
  it('changes when a file is restored with different content and an old modification time', () => {
    const before = digest();
    const { atime, mtime } = statSync(join(root, 'src', 'index.ts'));
    writeFileSync(join(root, 'src', 'index.ts'), 'export const answer: string = 42;\n');
    utimesSync(join(root, 'src', 'index.ts'), atime, new Date(mtime.getTime() - 86_400_000));
    expect(digest()).not.toBe(before);
  });

  it('changes when a file is deleted, or the command changes', () => {
    const before = digest();
    expect(inputsDigest(root, ['src', 'package.json'], ['tsc', '-p', 'tsconfig.json'])).not.toBe(before);
    rmSync(join(root, 'src', 'extra.ts'));
    expect(digest()).not.toBe(before);
  });
});
