/**
 * The connection as an indicator shows it: each state of the statechart carries one of these as a
 * tag, so `selectConnection` reads a tag instead of matching states.
 */
export type ConnectionState =
  | 'idle'
  | 'connecting'
  | 'restoring'
  | 'merging'
  | 'connected'
  | 'disconnected'
  | 'failed'
  | 'disposed';

export const CONNECTION_STATES: readonly ConnectionState[] = [
  'idle',
  'connecting',
  'restoring',
  'merging',
  'connected',
  'disconnected',
  'failed',
  'disposed',
];
