import { useCallback, useEffect, useState } from 'react';
import { conversationIdFromUrl, urlWithConversation } from './conversationUrl.ts';

/**
 * Which conversation is on screen, kept in the URL (`?c=<id>`): showing one pushes a history
 * entry, and Back/Forward show the one in the URL again.
 */
export function useShownConversation(initialId: string): readonly [string, (conversationId: string) => void] {
  const [conversationId, setConversationId] = useState(initialId);

  useEffect(() => {
    // The first URL may lack the id (a fresh visit, or one restored from storage): record it without a history entry.
    const url = urlWithConversation(window.location.href, initialId);
    if (url !== window.location.href) window.history.replaceState(null, '', url);
  }, [initialId]);

  useEffect(() => {
    const onPopState = () => {
      const fromUrl = conversationIdFromUrl(window.location.href);
      if (fromUrl !== null) setConversationId(fromUrl);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const show = useCallback((next: string) => {
    setConversationId(next);
    const url = urlWithConversation(window.location.href, next);
    if (url !== window.location.href) window.history.pushState(null, '', url);
  }, []);

  return [conversationId, show] as const;
}
