/** Pixels from the bottom within which a scrolled list still counts as "at the bottom". */
export const STICK_THRESHOLD_PX = 48;

/**
 * True when a scroll container shows its end (give or take `threshold`): a chat list keeps
 * following new text only then, so a reader who scrolled up is not yanked back down.
 *
 * @param threshold @default STICK_THRESHOLD_PX (48)
 */
export function isNearBottom(
  element: { readonly scrollTop: number; readonly scrollHeight: number; readonly clientHeight: number },
  threshold: number = STICK_THRESHOLD_PX,
): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight <= threshold;
}
