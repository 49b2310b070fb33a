/**
 * SVG path data for the kit's few icons (24×24 viewBox, stroked), shared so the React and Vue
 * components draw the same shapes.
 */
export const ICON_PATHS = {
  send: 'M5 12h13M12 5l7 7-7 7',
  stop: 'M7 7h10v10H7z',
  retry: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  plus: 'M12 5v14M5 12h14',
  clock: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
} as const;

export type IconName = keyof typeof ICON_PATHS;
