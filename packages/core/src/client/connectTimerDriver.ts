import type { Actor } from 'xstate';
import type { Clock } from '../environment/Clock.ts';
import type { ChatMachine } from '../machine/chatMachine.ts';
import { TIMER_EVENTS, type TimerName } from '../machine/chatTimers.ts';

/** Runs the machine's named timers on the injected clock; one pending timer per name. */
export function connectTimerDriver(actor: Actor<ChatMachine>, clock: Clock): () => void {
  const pending = new Map<TimerName, unknown>();
  const cancel = (timer: TimerName): void => {
    if (!pending.has(timer)) return;
    clock.clearTimeout(pending.get(timer));
    pending.delete(timer);
  };
  const subscriptions = [
    actor.on('timer.start', ({ timer, ms }) => {
      cancel(timer);
      pending.set(
        timer,
        clock.setTimeout(() => {
          pending.delete(timer);
          const type = TIMER_EVENTS[timer];
          if (type === 'HEARTBEAT_DUE' || type === 'BACKOFF_ELAPSED' || type === 'RESEND_DUE') actor.send({ type });
          else actor.send({ type, at: clock.now() });
        }, ms),
      );
    }),
    actor.on('timer.cancel', ({ timer }) => cancel(timer)),
  ];
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    for (const timer of [...pending.keys()]) cancel(timer);
  };
}
