// Experimental variants of core files, built beside the real client so row 1 can show, in the
// same run, what a proposed core change would buy. Each variant is a textual patch of the current
// core source: when core changes and a patch no longer applies, the experiment is left out (and
// the report says so) instead of measuring a stale copy.
import { readFile } from 'node:fs/promises';

/** Persist without serializing the whole record twice per write: compare cursors, not JSON. */
const singleSerializationPersister = {
  file: /packages\/core\/src\/persistence\/createPersister\.ts$/,
  patches: [
    ['const comparable = serialize(record, 0);', 'const comparable = fingerprint(record);'],
    ['lastWritten = serialize(result.record, 0);', 'lastWritten = fingerprint(result.record);'],
  ],
  append: `
/** What decides whether a write is needed: cursors and sizes, not the partial text itself (it is
 * determined by the message and its lastSeq). Benchmark experiment, not core code. */
function fingerprint(record: PersistedRecord): string {
  return JSON.stringify([
    record.format, record.v, record.namespace, record.openConversationId,
    record.streams.map((stream) => [stream.conversationId, stream.messageId, stream.lastSeq, stream.text.length, stream.createdAt]),
    record.outbox.map((entry) => [entry.conversationId, entry.messageId, entry.text, entry.createdAt]),
  ]);
}
`,
};

/** An esbuild plugin applying the patches; `skipped` collects the ones that no longer apply. */
export function experimentsPlugin(skipped) {
  return {
    name: 'rejoin-experiments',
    setup(build) {
      build.onLoad({ filter: singleSerializationPersister.file }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        for (const [from, to] of singleSerializationPersister.patches) {
          if (!source.includes(from)) {
            skipped.push(`createPersister.ts no longer contains \`${from}\``);
            return undefined;
          }
          source = source.replace(from, to);
        }
        return { contents: source + singleSerializationPersister.append, loader: 'ts' };
      });
    },
  };
}
