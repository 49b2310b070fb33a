import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError } from '../errors/RejoinError.ts';
import type { OutboxEntry } from '../model/conversation.ts';
import { encodeFrame } from '../protocol/frames.ts';
import { DEFAULT_MAX_FRAME_BYTES, type WelcomeFrame } from '../protocol/frames.ts';
import { utf8ByteLength } from '../protocol/frameChecks.ts';
import { outboxFrames } from './outboxFrames.ts';

/** The limits a server announced in `welcome`; null until the first handshake. */
export type ServerLimits = WelcomeFrame['limits'];


/**
 * Why a message cannot be sent as it is, or null. A message over the server's `maxMessageChars`
 * would be refused (`message_too_long`); one whose `send` frame is over `maxFrameBytes` would be
 * refused without its ids (`frame_too_large`), and past the server's transport cap it closes the
 * connection, so a resend on every reconnect would never end and would starve the messages behind
 * it. Checked before a message is queued (with the last announced limits, or the protocol's
 * default frame size before any handshake) and again when a `welcome` announces the limits.
 */
export function oversizeRefusal(entry: OutboxEntry, limits: ServerLimits | null): RejoinError | null {
  if (limits !== null && entry.text.length > limits.maxMessageChars) {
    const chars = [...entry.text].length;
    if (chars > limits.maxMessageChars) {
      return new RejoinError(
        'usage/invalid',
        // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
        isDevelopment
          ? `[rejoin] A message of ${chars} characters was not sent: the server accepts at most ${limits.maxMessageChars} ` +
            '(welcome.limits.maxMessageChars). Limit the input, or split the text into several messages.'
          : `[rejoin] A message of ${chars} characters was not sent (limit ${limits.maxMessageChars}).`,
      );
    }
  }
  const maxFrameBytes = limits?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const frameBytes = utf8ByteLength(encodeFrame(outboxFrames([entry])[0]!));
  if (frameBytes > maxFrameBytes) {
    return new RejoinError(
      'usage/invalid',
      isDevelopment
        ? `[rejoin] A message whose frame takes ${frameBytes} bytes was not sent: the server accepts frames of at most ${maxFrameBytes} bytes ` +
          '(welcome.limits.maxFrameBytes). Limit the input, or split the text into several messages.'
        : `[rejoin] A message whose frame takes ${frameBytes} bytes was not sent (limit ${maxFrameBytes}).`,
    );
  }
  return null;
}
