/** Options shared by `parseClientFrame` and `parseServerFrame`. */
export interface ParseFrameOptions {
  /**
   * The largest frame accepted, in UTF-8 bytes of the raw text (protocol v1, "Transport"), checked
   * before JSON parsing so an oversized frame costs nothing to reject.
   * @default DEFAULT_MAX_FRAME_BYTES (1 MiB)
   */
  readonly maxFrameBytes?: number;
}
