import { onScopeDispose, readonly, ref, type Ref } from 'vue';

/** The browser's own network status, so the banner can say "offline" rather than count down in vain. */
export function useBrowserOnline(): Readonly<Ref<boolean>> {
  const online = ref(navigator.onLine);
  const update = () => (online.value = navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return readonly(online);
}
