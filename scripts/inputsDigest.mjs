// What `npm start` (scripts/start.mjs) compares to decide that a build step is up to date.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `path` (tests excluded: they are not built), relative to `root`, sorted. */
function filesUnder(root, path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== '__tests__' && entry.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesUnder(root, `${path}/${entry.name}`));
}

/**
 * A digest of what a build step reads: file names and contents, not modification times, so a
 * file restored with an old time (`cp -p`, `tar`, `rsync -a`), a deleted file or a changed command
 * all count as changes, and a skipped step is one whose inputs are byte for byte those of its
 * last successful build.
 *
 * @param {string} root the repository root; `inputs` are files or folders relative to it
 * @param {readonly string[]} inputs
 * @param {readonly string[]} command the build command (absolute paths under `root` are made relative)
 * @returns {string}
 */
export function inputsDigest(root, inputs, command) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(command.map((part) => relative(root, part))));
  for (const input of inputs) {
    for (const file of filesUnder(root, input)) {
      hash.update(`\0${file}\0`);
      hash.update(readFileSync(join(root, file)));
    }
  }
  return hash.digest('hex');
}
