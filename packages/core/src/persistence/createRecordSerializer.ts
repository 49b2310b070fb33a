import type { PersistedQuestion, PersistedRecord, PersistedStream } from './PersistedRecord.ts';

/** A record as stored, and the same record with `savedAt` left out, to tell whether a write is needed. */
export interface SerializedRecord {
  readonly serialized: string;
  readonly comparable: string;
}

/** The JSON of one stream's text without its closing quote, kept to extend on the next write. */
interface EncodedText {
  readonly text: string;
  readonly open: string;
}

const json = JSON.stringify;

/**
 * Serializes records the way `JSON.stringify` would (known fields only, in a fixed order, so equal
 * records serialize equally and nothing a caller attached reaches storage), but without escaping
 * a stream's whole partial text on every write.
 *
 * The partial text only grows while a reply streams, and escaping it is most of what a write
 * costs (a long reply is hundreds of kB, written twice a second): the JSON of the text written
 * last is kept per message and only what was appended since is escaped. The prefix is checked
 * with a plain comparison (far cheaper than escaping), so a text that changed in
 * any other way is escaped whole again. The output is identical to a full `JSON.stringify`.
 */
export function createRecordSerializer(): (record: PersistedRecord, savedAt: number) => SerializedRecord {
  let encoded = new Map<string, EncodedText>();

  const textJson = (stream: PersistedStream, next: Map<string, EncodedText>): string => {
    const { text, messageId } = stream;
    const previous = encoded.get(messageId);
    let open: string;
    if (
      previous !== undefined &&
      text.length >= previous.text.length &&
      // JSON escapes a lone surrogate: a pair split across two writes must be escaped together.
      !endsWithHighSurrogate(previous.text) &&
      // A slice compared whole is a memory comparison; `startsWith` walks character by character.
      text.slice(0, previous.text.length) === previous.text
    ) {
      open = text.length === previous.text.length ? previous.open : previous.open + json(text.slice(previous.text.length)).slice(1, -1);
    } else {
      open = json(text).slice(0, -1);
    }
    next.set(messageId, { text, open });
    return `${open}"`;
  };

  return (record, savedAt) => {
    // Only the streams of this record are kept: an ended reply's text is dropped with it.
    const next = new Map<string, EncodedText>();
    let streams = '';
    for (const stream of record.streams) {
      streams +=
        `${streams === '' ? '' : ','}{"conversationId":${json(stream.conversationId)},"messageId":${json(stream.messageId)},` +
        `"lastSeq":${json(stream.lastSeq)},"text":${textJson(stream, next)},"createdAt":${json(stream.createdAt)}` +
        (stream.question === undefined ? '}' : `,"question":${questionJson(stream.question)}}`);
    }
    encoded = next;
    const outbox = json(
      record.outbox.map(({ conversationId, messageId, text, createdAt, sent }) =>
        sent === true ? { conversationId, messageId, text, createdAt, sent } : { conversationId, messageId, text, createdAt },
      ),
    );
    const head = `{"format":${json(record.format)},"v":${json(record.v)},"namespace":${json(record.namespace)},"savedAt":`;
    const body = `,"openConversationId":${json(record.openConversationId)},"streams":[${streams}],"outbox":${outbox}}`;
    return { serialized: `${head}${json(savedAt)}${body}`, comparable: `${head}0${body}` };
  };
}

function questionJson({ messageId, text, createdAt, index }: PersistedQuestion): string {
  return json({ messageId, text, createdAt, index });
}

function endsWithHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
