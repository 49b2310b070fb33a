/**
 * How long until `targetAt`, in whole seconds rounded up, so a countdown shows "1 s" until the
 * moment it elapses and never "0 s" while there is still time left.
 */
export function secondsUntil(targetAt: number, now: number): number {
  return Math.max(0, Math.ceil((targetAt - now) / 1000));
}

/** A countdown as a banner reads it: "7 s", "1 min 05 s". Framework-agnostic, shared by React and Vue. */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}
