/** Options shared by `parseClientFrame` and `parseServerFrame`. */
export interface ParseFrameOptions {
  /**
   * The largest frame accepted, in UTF-16 code units of the raw text (`string.length`), checked
   * before JSON parsing so an oversized frame costs nothing to reject. A UTF-8 byte count is never
   * smaller, so a peer that keeps frames under this many UTF-8 bytes is always accepted.
   * @default DEFAULT_MAX_FRAME_BYTES (1 MiB)
   */
  readonly maxFrameBytes?: number;
}
