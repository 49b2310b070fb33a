import type { ConformanceCase } from '../suite/ConformanceCase.ts';
import { AUTHORIZATION_CASES } from './authorization.ts';
import { CURSOR_AHEAD_CASES } from './cursorAhead.ts';
import { HANDSHAKE_CASES } from './handshake.ts';
import { HEARTBEAT_CASES } from './heartbeat.ts';
import { INVALID_FRAME_CASES } from './invalidFrames.ts';
import { LIMIT_CASES } from './limits.ts';
import { LOADING_CASES } from './loading.ts';
import { MESSAGE_PART_CASES } from './messageParts.ts';
import { RESUME_CASES } from './resume.ts';
import { SENDING_CASES } from './sending.ts';
import { SHUTDOWN_CASES } from './shutdown.ts';
import { STOPPING_CASES } from './stopping.ts';
import { STREAMING_CASES } from './streaming.ts';
import { SUBSCRIBING_CASES } from './subscribing.ts';

/** Every case, roughly in the order of docs/protocol.md. */
export const ALL_CASES: readonly ConformanceCase[] = [
  ...HANDSHAKE_CASES,
  ...RESUME_CASES,
  ...CURSOR_AHEAD_CASES,
  ...LOADING_CASES,
  ...SENDING_CASES,
  ...STREAMING_CASES,
  ...SUBSCRIBING_CASES,
  ...STOPPING_CASES,
  ...HEARTBEAT_CASES,
  ...AUTHORIZATION_CASES,
  ...LIMIT_CASES,
  ...INVALID_FRAME_CASES,
  ...SHUTDOWN_CASES,
  ...MESSAGE_PART_CASES,
];
