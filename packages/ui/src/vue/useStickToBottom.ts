import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { isNearBottom } from '../shared/isNearBottom.ts';

/**
 * Keeps `scroller` scrolled to its end while `content` grows (a reply streaming in, a new
 * message), as long as the reader is at the end; a reader who scrolled up stays where they are.
 * Watches the content's size rather than renders, because rows update on their own.
 */
export function useStickToBottom(scroller: Readonly<Ref<HTMLElement | null>>, content: Readonly<Ref<HTMLElement | null>>): void {
  let stop: (() => void) | null = null;
  onMounted(() => {
    const scrollElement = scroller.value;
    const contentElement = content.value;
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
    stop = () => {
      scrollElement.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  });
  onBeforeUnmount(() => stop?.());
}
