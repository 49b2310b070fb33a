import type { ErrorCode } from '@rejoin/core/protocol';
import { check } from '../suite/CaseFailure.ts';
import { defineCase, type ConformanceCase } from '../suite/ConformanceCase.ts';
import type { SectionId } from '../suite/sections.ts';

interface InvalidFrame {
  readonly id: string;
  readonly section: SectionId;
  readonly what: string;
  /** The raw text sent after the handshake. */
  readonly text: string;
  readonly code: ErrorCode;
}

// The §21 examples a server receives, plus the §1/§3 rules they stand for. Each is sent after
// the handshake, so the answer is about the frame, not about the handshake.
const INVALID_FRAMES: readonly InvalidFrame[] = [
  { id: 'invalid.unknown-type', section: '21', what: 'a type no side defines', text: '{"type":"typing","conversationId":"cv_3kTMd9Q2"}', code: 'bad_frame' },
  { id: 'invalid.no-type', section: '21', what: 'a frame without a type', text: '{"conversationId":"cv_3kTMd9Q2","lastSeq":1}', code: 'bad_frame' },
  { id: 'invalid.server-type', section: '21', what: "a frame of the server's type", text: '{"type":"chunk","conversationId":"cv_3kTMd9Q2","messageId":"as_0Ztp6Q7s","seq":1,"text":"hi"}', code: 'bad_frame' },
  { id: 'invalid.hello-without-v', section: '21', what: 'a hello without its version', text: '{"type":"hello","clientId":"cl_V1StGXR8Z5jdHi6B","cursors":[]}', code: 'bad_frame' },
  { id: 'invalid.truncated-json', section: '21', what: 'text that is not JSON', text: '{"type":"ping","t":17672256', code: 'bad_frame' },
  { id: 'invalid.not-object', section: '21', what: 'JSON that is not an object', text: '[{"type":"ping","t":1767225615000}]', code: 'bad_frame' },
  { id: 'invalid.id-alphabet', section: '21', what: 'an id outside the alphabet', text: '{"type":"load","conversationId":"../../etc/passwd"}', code: 'bad_frame' },
  { id: 'invalid.prototype-id', section: '2', what: 'an id that names an Object property', text: '{"type":"load","conversationId":"__proto__"}', code: 'bad_frame' },
  { id: 'invalid.null-optional', section: '21', what: 'null for an optional field', text: '{"type":"stop","conversationId":"cv_3kTMd9Q2","messageId":null}', code: 'bad_frame' },
  { id: 'invalid.fractional-integer', section: '21', what: 'a fractional integer', text: '{"type":"ping","t":1767225615000.5}', code: 'bad_frame' },
  { id: 'invalid.wrong-field-type', section: '3', what: 'a field of the wrong type', text: '{"type":"send","conversationId":"cv_3kTMd9Q2","messageId":"us_1bQ7pYt2","text":42}', code: 'bad_frame' },
  { id: 'invalid.negative-count', section: '3', what: 'a negative count', text: '{"type":"subscribe","conversationId":"cv_3kTMd9Q2","messageId":"as_0Ztp6Q7s","lastSeq":-1}', code: 'bad_frame' },
];

function invalidFrameCase(frame: InvalidFrame): ConformanceCase {
  return defineCase({
    id: frame.id,
    section: frame.section,
    title: `${frame.what} is answered ${frame.code}, not fatal, and the connection keeps working`,
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.sendText(frame.text);
      const error = await context.waitError(client, frame.section, `an error for ${frame.what}`, from);
      check(error.code === frame.code, frame.section, `${frame.what} was answered ${error.code}, not ${frame.code}`);
      check(error.fatal !== true, '13', `${error.code} was fatal`);
      check(error.conversationId === undefined || /^[A-Za-z0-9_-]{1,128}$/.test(error.conversationId), '13', 'the error echoes an invalid id');
      await client.barrier(frame.section);
    },
  });
}

/** §1 Transport, §3 Frame format and validation, §21 Invalid frames. */
export const INVALID_FRAME_CASES = [
  ...INVALID_FRAMES.map(invalidFrameCase),
  defineCase({
    id: 'invalid.binary',
    section: '1',
    title: 'a binary message is refused with bad_frame, not fatal',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.sendBinary(new TextEncoder().encode('{"type":"list"}'));
      const error = await context.waitError(client, '1', 'an error for a binary message', from);
      check(error.code === 'bad_frame' && error.fatal !== true, '1', `a binary message was answered ${JSON.stringify(error)}`);
      await client.barrier('1');
    },
  }),
  defineCase({
    id: 'invalid.refusal-in-order',
    section: '1',
    title: 'answers leave in the order frames came, refusals included: load, an invalid frame, list get conversation, bad_frame, conversations',
    async run(context) {
      const { client } = await context.join();
      const reply = await context.completeReply(client, '8');
      const from = client.mark();
      client.send({ type: 'load', conversationId: reply.conversationId });
      client.sendText('{"type":"typing"}');
      client.send({ type: 'list' });
      await client.waitFor('1', (frame) => frame.type === 'conversations', 'the answer to list', from);
      const answers = client.frames.slice(from).filter((frame) => frame.type !== 'pong').map((frame) => frame.type === 'error' ? `error ${frame.code}` : frame.type);
      check(answers.join(', ') === 'conversation, error bad_frame, conversations', '1', `answers arrived as ${answers.join(', ')}`);
    },
  }),
  defineCase({
    id: 'invalid.integer-with-point',
    section: '3',
    title: 'an integer written 1.0 is the integer 1: a ping with t 5.0 is answered pong',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.sendText('{"type":"ping","t":5.0}');
      const answer = await client.waitFor('3', (frame) => frame.type === 'pong' || frame.type === 'error', 'an answer to ping with t 5.0', from);
      check(answer.type === 'pong' && answer.t === 5, '3', `ping with t 5.0 was answered ${JSON.stringify(answer)}`);
    },
  }),
];
