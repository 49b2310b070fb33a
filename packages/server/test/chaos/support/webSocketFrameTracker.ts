/**
 * Follows one direction of a WebSocket connection byte by byte (the HTTP upgrade, then RFC 6455
 * frames) so the fault proxy can cut a connection strictly inside a frame, not between two.
 */
export class WebSocketFrameTracker {
  private phase: 'http' | 'header' | 'payload' = 'http';
  /** The last four bytes of the HTTP head, to find its blank line. */
  private httpTail = 0;
  private readonly header: number[] = [];
  private headerLength = 2;
  private payloadLeft = 0;

  /** True while the upgrade's HTTP head is still passing. */
  get inUpgrade(): boolean {
    return this.phase === 'http';
  }

  /** True between two frames: a cut here leaves no partial frame. */
  get atBoundary(): boolean {
    return this.phase === 'header' && this.header.length === 0;
  }

  /**
   * Offsets `k` in `[0, chunk.length]` such that cutting after the first `k` bytes leaves a frame
   * half delivered. Consumes the chunk.
   */
  midFrameOffsets(chunk: Uint8Array): number[] {
    const offsets: number[] = [];
    for (let k = 0; k <= chunk.length; k += 1) {
      if (!this.inUpgrade && !this.atBoundary) offsets.push(k);
      if (k < chunk.length) this.consume(chunk[k]!);
    }
    return offsets;
  }

  private consume(byte: number): void {
    if (this.phase === 'http') {
      this.httpTail = ((this.httpTail << 8) | byte) >>> 0;
      if (this.httpTail === 0x0d0a0d0a) this.startFrame();
      return;
    }
    if (this.phase === 'payload') {
      this.payloadLeft -= 1;
      if (this.payloadLeft === 0) this.startFrame();
      return;
    }
    this.header.push(byte);
    if (this.header.length === 2) {
      const masked = (this.header[1]! & 0x80) !== 0;
      const length7 = this.header[1]! & 0x7f;
      this.headerLength = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (masked ? 4 : 0);
    }
    if (this.header.length < this.headerLength) return;
    const length7 = this.header[1]! & 0x7f;
    let payload = length7;
    if (length7 === 126) payload = (this.header[2]! << 8) | this.header[3]!;
    if (length7 === 127) {
      payload = 0;
      for (let i = 2; i < 10; i += 1) payload = payload * 256 + this.header[i]!;
    }
    if (payload === 0) this.startFrame();
    else {
      this.phase = 'payload';
      this.payloadLeft = payload;
    }
  }

  private startFrame(): void {
    this.phase = 'header';
    this.header.length = 0;
    this.headerLength = 2;
  }
}
