import { useLayoutEffect, type RefObject } from 'react';
import { isNearBottom } from '../shared/isNearBottom.ts';

/**
 * Keeps `scroller` scrolled to its end while `content` grows (a reply streaming in, a new
 * message), as long as the reader is at the end; a reader who scrolled up stays where they are.
 * Watches the content's size rather than React renders, because rows re-render on their own.
 */
export function useStickToBottom(scroller: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const scrollElement = scroller.current;
    const contentElement = content.current;
    if (scrollElement === null || contentElement === null) return;
    let stuck = true;
    const follow = () => {
      if (stuck) scrollElement.scrollTop = scrollElement.scrollHeight;
    };
    const onScroll = () => {
      stuck = isNearBottom(scrollElement);
    };
    follow();
    scrollElement.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow);
    observer?.observe(contentElement);
    return () => {
      scrollElement.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scroller, content]);
}
