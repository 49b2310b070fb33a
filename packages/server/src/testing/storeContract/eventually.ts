/**
 * Polls `check` until it holds: a networked store delivers to followers and watchers
 * asynchronously, so a case waits for what it expects rather than for a fixed time.
 * @default timeoutMs 5000
 */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`[rejoin] Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
