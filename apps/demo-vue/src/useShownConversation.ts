import { onScopeDispose, readonly, ref, type Ref } from 'vue';
import { conversationIdFromUrl, urlWithConversation } from '../../demo/src/conversationUrl.ts';

/**
 * Which conversation is on screen, kept in the URL (`?c=<id>`): showing one pushes a history
 * entry, and Back/Forward show the one in the URL again.
 */
export function useShownConversation(initialId: string): { readonly conversationId: Readonly<Ref<string>>; show(conversationId: string): void } {
  const conversationId = ref(initialId);

  // The first URL may lack the id (a fresh visit, or one restored from storage): record it without a history entry.
  const initialUrl = urlWithConversation(window.location.href, initialId);
  if (initialUrl !== window.location.href) window.history.replaceState(null, '', initialUrl);

  const onPopState = () => {
    const fromUrl = conversationIdFromUrl(window.location.href);
    if (fromUrl !== null) conversationId.value = fromUrl;
  };
  window.addEventListener('popstate', onPopState);
  onScopeDispose(() => window.removeEventListener('popstate', onPopState));

  const show = (next: string) => {
    conversationId.value = next;
    const url = urlWithConversation(window.location.href, next);
    if (url !== window.location.href) window.history.pushState(null, '', url);
  };

  return { conversationId: readonly(conversationId), show };
}
