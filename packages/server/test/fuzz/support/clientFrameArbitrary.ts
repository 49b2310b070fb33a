import fc from 'fast-check';

/** Valid client frames (but `hello`) over a few ids, some of which name nothing on the server. */
const conversationId = fc.constantFrom('fz-c1', 'fz-c2', 'fz-missing');
const messageId = fc.constantFrom('fz-m1', 'fz-m2', 'fz-m3');
const count = fc.integer({ min: 0, max: 8 });

export const clientFrameArbitrary: fc.Arbitrary<Readonly<Record<string, unknown>>> = fc.oneof(
  fc.record({ type: fc.constant('load'), conversationId, limit: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ['type', 'conversationId'] }),
  fc.record({ type: fc.constant('list') }),
  fc.record({ type: fc.constant('send'), conversationId, messageId, text: fc.constantFrom('hi', '', 'x'.repeat(300), '🎉') }),
  fc.record({ type: fc.constant('subscribe'), conversationId, messageId, lastSeq: count }),
  fc.record({ type: fc.constant('unsubscribe'), conversationId }),
  fc.record({ type: fc.constant('stop'), conversationId, messageId }, { requiredKeys: ['type', 'conversationId'] }),
  fc.record({ type: fc.constantFrom('ping', 'pong'), t: count }),
  fc.record({
    type: fc.constant('hello'),
    v: fc.constant(1),
    clientId: fc.constant('fz-client'),
    token: fc.constant('fuzz-token-0123456789'),
    cursors: fc.array(fc.record({ conversationId, messageId, lastSeq: count }), { maxLength: 2 }),
  }),
);
