import { computed, ref, toValue, watchEffect, type MaybeRefOrGetter, type Ref } from 'vue';
import { secondsUntil } from '../shared/formatCountdown.ts';

/**
 * Whole seconds left until `targetAt` (ms since epoch), updating as each second passes; 0 when
 * `targetAt` is null or past. The only timer in the kit: display, not logic.
 */
export function useCountdown(targetAt: MaybeRefOrGetter<number | null>): Readonly<Ref<number>> {
  const now = ref(Date.now());
  watchEffect((onCleanup) => {
    const target = toValue(targetAt);
    if (target === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const current = Date.now();
      now.value = current;
      const remaining = target - current;
      // Wake at the next whole-second boundary, when the rounded-up figure changes.
      if (remaining > 0) timer = setTimeout(tick, remaining % 1000 || 1000);
    };
    tick();
    onCleanup(() => clearTimeout(timer));
  });
  return computed(() => {
    const target = toValue(targetAt);
    return target === null ? 0 : secondsUntil(target, now.value);
  });
}
