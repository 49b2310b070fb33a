import type { IncomingMessage } from 'node:http';
import type { HelloFrame, WelcomeFrame } from '@rejoin/core/protocol';
import { PROTOCOL_VERSION } from '@rejoin/core/protocol';
import { CLOSE_CODES } from './closeCodes.ts';
import { sortHelloCursors } from './helloCursors.ts';
import type { SessionPort } from './SessionPort.ts';

/**
 * The handshake: `hello` authenticates the user and negotiates the version, the `welcome` answers
 * with the user's active streams and the cursors it cannot resume, then each resumable cursor is
 * replayed from its lastSeq and followed live. Refused credentials close the connection.
 */
export async function acceptHello(session: SessionPort, request: IncomingMessage, hello: HelloFrame): Promise<void> {
  const { context } = session;
  const user = await context.authenticate({ token: hello.token, request });
  if (session.closed()) return;
  if (user === null) {
    session.log.info('authentication refused', { clientId: hello.clientId });
    session.fail('unauthorized', 'The credentials did not authenticate; get a fresh token, then reconnect.', CLOSE_CODES.policyViolation);
    return;
  }
  session.authenticated(user.userId);

  const [active, { known, lost }] = await Promise.all([
    context.streams.activeForOwner(user.userId),
    sortHelloCursors(context, user.userId, hello.cursors),
  ]);
  if (session.closed()) return;

  session.join(Math.min(hello.v, PROTOCOL_VERSION));
  const welcome: WelcomeFrame = {
    type: 'welcome',
    v: session.version,
    sessionId: session.sessionId,
    activeStreams: active.map(({ conversationId, messageId, lastSeq, startedAt }) => ({
      conversationId,
      messageId,
      lastSeq,
      startedAt,
    })),
    lostStreams: lost,
    limits: { maxFrameBytes: context.limits.maxFrameBytes, maxMessageChars: context.limits.maxMessageChars },
    heartbeatMs: context.heartbeatMs,
  };
  session.send(welcome);
  session.log.info('client joined', { clientId: hello.clientId, cursors: known.length + lost.length, lost: lost.length });

  // The replay follows the welcome: each known cursor's chunks after its lastSeq, then live.
  for (const cursor of known) {
    const subscription = await session.followed.open(cursor.conversationId);
    if (!(await subscription.follow(cursor.messageId, cursor.lastSeq))) {
      // Dropped by retention between the check and now.
      session.sendError('stream_not_found', 'This stream is no longer retained; load the conversation.', {
        conversationId: cursor.conversationId,
        messageId: cursor.messageId,
      });
    }
  }
}
