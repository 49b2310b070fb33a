/**
 * The machine never sets a timer itself: it asks for one by name through the `startTimer` and
 * `cancelTimer` actions, and the client's timer driver (on the injected clock) answers with the
 * event below. Keeping timers out of the machine keeps it pure and lets `xstate/graph` walk it.
 */
export const TIMER_EVENTS = {
  connect: 'CONNECT_TIMEOUT',
  handshake: 'HANDSHAKE_TIMEOUT',
  load: 'LOAD_TIMEOUT',
  heartbeatDue: 'HEARTBEAT_DUE',
  heartbeatTimeout: 'HEARTBEAT_TIMEOUT',
  backoff: 'BACKOFF_ELAPSED',
  resend: 'RESEND_DUE',
} as const;

export type TimerName = keyof typeof TIMER_EVENTS;
