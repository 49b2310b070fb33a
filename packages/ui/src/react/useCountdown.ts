import { useEffect, useState } from 'react';
import { secondsUntil } from '../shared/formatCountdown.ts';

/**
 * Whole seconds left until `targetAt` (ms since epoch), re-rendering as each second passes; 0
 * when `targetAt` is null or past. The only timer in the kit: display, not logic.
 */
export function useCountdown(targetAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (targetAt === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const current = Date.now();
      setNow(current);
      const remaining = targetAt - current;
      // Wake at the next whole-second boundary, when the rounded-up figure changes.
      if (remaining > 0) timer = setTimeout(tick, remaining % 1000 || 1000);
    };
    tick();
    return () => clearTimeout(timer);
  }, [targetAt]);
  return targetAt === null ? 0 : secondsUntil(targetAt, now);
}
