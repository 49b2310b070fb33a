import type { ClientFrame } from '../protocol/frames.ts';
import type { TimerName } from './chatTimers.ts';

/**
 * What the machine asks the outside world to do, as XState `emit`ted events. The machine stays
 * pure; the client's drivers (socket, timers) listen with `actor.on(...)` and answer with events.
 */
export type ChatEffect =
  | { type: 'socket.open' }
  | { type: 'socket.close' }
  | { type: 'socket.send'; frames: readonly ClientFrame[] }
  | { type: 'timer.start'; timer: TimerName; ms: number }
  | { type: 'timer.cancel'; timer: TimerName };
