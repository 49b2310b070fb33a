/** Renders counted per component during the chunk phase of one scenario. */
export class RenderCounter {
  private readonly rows = new Map<string, number>();
  list = 0;
  counting = false;

  row(id: string): void {
    if (this.counting) this.rows.set(id, (this.rows.get(id) ?? 0) + 1);
  }

  listRender(): void {
    if (this.counting) this.list += 1;
  }

  rowsOf(id: string): number {
    return this.rows.get(id) ?? 0;
  }

  otherRows(streamingId: string): number {
    let total = 0;
    for (const [id, count] of this.rows) if (id !== streamingId) total += count;
    return total;
  }
}

/** What one scenario measured, per chunk. */
export interface RenderCounts {
  readonly framework: 'React' | 'Vue';
  readonly pattern: string;
  readonly chunks: number;
  readonly streamingRow: number;
  readonly otherRows: number;
  readonly list: number;
  /** The devtools panel beside the app: none, mounted closed, or open. */
  readonly devtools: 'none' | 'closed' | 'open';
  /** The panel's renders per chunk (0 without it or closed). */
  readonly panelRenders: number;
}
