import { check } from '../suite/CaseFailure.ts';
import { defineCase } from '../suite/ConformanceCase.ts';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** §4 Connection lifecycle, §17 Versioning: the handshake. */
export const HANDSHAKE_CASES = [
  defineCase({
    id: 'handshake.welcome',
    section: '4',
    title: 'hello with no cursors is answered welcome v1 with empty lostStreams, limits and heartbeatMs',
    async run(context) {
      const { welcome } = await context.join();
      check(welcome.v === 1, '17', `welcome.v is ${String(welcome.v)}`);
      check(ID_PATTERN.test(welcome.sessionId), '2', `sessionId ${welcome.sessionId} is not an id`);
      check(welcome.lostStreams.length === 0, '4', `no cursors were sent, yet lostStreams is ${JSON.stringify(welcome.lostStreams)}`);
      check(welcome.limits.maxFrameBytes >= 1 && welcome.limits.maxMessageChars >= 1 && welcome.heartbeatMs >= 1, '4', 'limits or heartbeatMs missing');
    },
  }),
  defineCase({
    id: 'handshake.session-ids-distinct',
    section: '2',
    title: 'each accepted connection gets its own sessionId',
    async run(context) {
      const first = await context.join();
      const second = await context.join();
      check(first.welcome.sessionId !== second.welcome.sessionId, '2', `two connections share sessionId ${first.welcome.sessionId}`);
    },
  }),
  defineCase({
    id: 'handshake.required-before-hello',
    section: '4',
    title: 'a well-formed frame other than hello before welcome gets handshake_required, not fatal; hello still works after',
    async run(context) {
      const client = await context.connect();
      const conversationId = context.newId('cv');
      const from = client.mark();
      client.send({ type: 'load', conversationId });
      const error = await context.waitError(client, '4', 'an error for load before hello', from);
      check(error.code === 'handshake_required', '4', `load before hello was answered ${error.code}`);
      check(error.fatal !== true, '4', 'handshake_required was marked fatal');
      check(error.conversationId === conversationId, '4', "handshake_required does not carry the frame's conversationId");
      await client.hello({ token: await context.token('alice') });
    },
  }),
  defineCase({
    id: 'handshake.malformed-before-hello',
    section: '4',
    title: 'a malformed frame before hello gets bad_frame (validation comes first), not fatal; hello still works after',
    async run(context) {
      const client = await context.connect();
      client.sendText('{"type":"load","conversationId":"../etc"}');
      const error = await context.waitError(client, '4', 'an error for a malformed frame before hello', 0);
      check(error.code === 'bad_frame' && error.fatal !== true, '4', `a malformed frame before hello got ${JSON.stringify(error)}`);
      await client.hello({ token: await context.token('alice') });
    },
  }),
  defineCase({
    id: 'handshake.frames-after-hello-without-waiting',
    section: '4',
    title: 'frames sent right after hello, without waiting for welcome, are handled in order after it',
    async run(context) {
      const client = await context.connect();
      client.send({ type: 'hello', v: 1, clientId: 'conformance-suite', token: await context.token('alice'), cursors: [] });
      client.send({ type: 'list' });
      const list = await client.waitFor('4', (frame) => frame.type === 'conversations' || frame.type === 'error', 'an answer to list sent right after hello');
      check(list.type === 'conversations', '4', `list sent right after hello was answered ${JSON.stringify(list)}`);
      check(client.frames.findIndex((frame) => frame.type === 'welcome') === 0, '4', 'welcome was not the first frame');
    },
  }),
  defineCase({
    id: 'handshake.ping-before-hello',
    section: '12',
    title: 'ping is answered pong with the same t before the handshake too',
    async run(context) {
      const client = await context.connect();
      client.send({ type: 'ping', t: 424242 });
      await client.waitFor('12', (frame) => frame.type === 'pong' && frame.t === 424242, 'pong with t 424242 before hello');
    },
  }),
  defineCase({
    id: 'handshake.second-hello',
    section: '4',
    title: 'a second hello on one connection is answered bad_frame and ignored; the connection stays open',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'hello', v: 1, clientId: 'conformance-suite', token: await context.token('alice'), cursors: [] });
      const error = await context.waitError(client, '4', 'an error for a second hello', from);
      check(error.code === 'bad_frame', '4', `a second hello was answered ${error.code}`);
      check(error.fatal !== true, '4', 'the bad_frame for a second hello was fatal');
      await client.barrier('4');
      check(!client.frames.slice(from).some((frame) => frame.type === 'welcome'), '4', 'a second hello got a second welcome');
    },
  }),
  defineCase({
    id: 'handshake.unauthorized',
    section: '4',
    title: 'a token that does not authenticate gets a fatal unauthorized error, then the server closes (1008); a frame sent right after that hello is not answered',
    skipUnless: (options) => (options.invalidToken === null ? 'no invalid token given (--invalid-token)' : null),
    async run(context) {
      const client = await context.connect();
      client.send({ type: 'hello', v: 1, clientId: 'conformance-suite', token: context.options.invalidToken ?? '', cursors: [] });
      // Sent without waiting for welcome: dropped, since the hello is refused.
      client.send({ type: 'list' });
      const error = await client.waitFor('4', (frame) => frame.type === 'error' || frame.type === 'welcome', 'an answer to hello with a bad token');
      check(error.type === 'error' && error.code === 'unauthorized', '4', `hello with an invalid token was answered ${JSON.stringify(error)}`);
      check(error.fatal === true, '4', 'unauthorized was not fatal');
      const closed = await client.waitClose('4', 'after unauthorized');
      check(closed.code === 1008, '13', `closed with ${closed.code} after unauthorized, not 1008`);
      check(!client.frames.some((frame) => frame.type === 'conversations'), '4', 'a frame sent after a refused hello was answered');
    },
  }),
  defineCase({
    id: 'version.hello-v3',
    section: '17',
    title: 'hello with v 3 (a version no side defines) gets a fatal unsupported_version error, then the server closes (1008)',
    async run(context) {
      const client = await context.connect();
      client.send({ type: 'hello', v: 3, clientId: 'conformance-suite', token: await context.token('alice'), cursors: [] });
      const error = await context.waitError(client, '17', 'an error for hello v 3', 0);
      check(error.code === 'unsupported_version' && error.fatal === true, '17', `hello v 3 was answered ${JSON.stringify(error)}`);
      const closed = await client.waitClose('17', 'after unsupported_version');
      check(closed.code === 1008, '17', `closed with ${closed.code} after unsupported_version, not 1008`);
    },
  }),
  defineCase({
    id: 'version.v-on-any-frame',
    section: '17',
    title: 'a v other than 1 on any frame (even the string "1") is a fatal unsupported_version',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'list', v: '1' });
      const error = await context.waitError(client, '17', 'an error for list with v "1"', from);
      check(error.code === 'unsupported_version' && error.fatal === true, '17', `list with v "1" was answered ${JSON.stringify(error)}`);
      await client.waitClose('17', 'after unsupported_version');
    },
  }),
  defineCase({
    id: 'version.v1-on-other-frames',
    section: '17',
    title: 'other frames MAY carry v 1: a list with v 1 is answered normally',
    async run(context) {
      const { client } = await context.join();
      const from = client.mark();
      client.send({ type: 'list', v: 1 });
      const answer = await client.waitFor('17', (frame) => frame.type === 'conversations' || frame.type === 'error', 'an answer to list with v 1', from);
      check(answer.type === 'conversations', '17', `list with v 1 was answered ${JSON.stringify(answer)}`);
    },
  }),
  defineCase({
    id: 'frames.unknown-fields-ignored',
    section: '3',
    title: 'unknown fields are allowed and ignored: hello and send carrying extra fields work',
    async run(context) {
      const client = await context.connect();
      client.send({ type: 'hello', v: 1, clientId: 'conformance-suite', token: await context.token('alice'), cursors: [], futureField: { nested: true } });
      await client.waitFor('3', (frame) => frame.type === 'welcome', 'welcome for a hello with an unknown field');
      const conversationId = context.newId('cv');
      const messageId = context.newId('us');
      const from = client.mark();
      client.send({ type: 'send', conversationId, messageId, text: context.options.prompt, attachments: [], priority: 'high' });
      await context.waitAck(client, '3', messageId, from);
    },
  }),
];
