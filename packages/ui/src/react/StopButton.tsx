import { Icon } from './Icon.tsx';

export interface StopButtonProps {
  /** A reply is being generated; the button is disabled otherwise. */
  readonly processing: boolean;
  /** Ends the reply (the client's `stop`; a disconnect never does). */
  readonly onStop: () => void;
  /** @default 'Stop' */
  readonly label?: string;
}

/** Stops the reply being generated. Enabled only while there is one to stop. */
export function StopButton({ processing, onStop, label = 'Stop' }: StopButtonProps) {
  return (
    <button type="button" className="rj-button rj-button--stop" data-testid="stop-button" disabled={!processing} onClick={onStop}>
      <Icon name="stop" />
      <span>{label}</span>
    </button>
  );
}
