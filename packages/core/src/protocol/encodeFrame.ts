import type { ClientFrame, ServerFrame } from './frames.ts';

/**
 * The text of one WebSocket message for `frame`. Frames are plain JSON data by construction
 * (the types allow no `undefined`, functions or cycles), so this cannot throw for a well-typed frame.
 */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}
