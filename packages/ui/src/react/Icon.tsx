import { ICON_PATHS, type IconName } from '../shared/iconPaths.ts';

/** One of the kit's icons, sized to the text around it. Decorative: the control it sits in carries the label. */
export function Icon({ name }: { readonly name: IconName }) {
  return (
    <svg
      className={`rj-icon rj-icon--${name}`}
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}
