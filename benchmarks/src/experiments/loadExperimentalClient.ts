import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { createChatClient } from '@rejoin/core';

export interface ExperimentalClient {
  /** Null when the experiment's patch no longer applies to core. */
  readonly createChatClient: typeof createChatClient | null;
  readonly skipped: readonly string[];
}

/** Loads the client bundle built with `bin/experiments.mjs`'s patches (one serialization per write). */
export async function loadExperimentalClient(outdir: string): Promise<ExperimentalClient> {
  const manifest = join(outdir, 'experiments.json');
  const skipped = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { skipped: string[] }).skipped : ['not built'];
  if (skipped.length > 0) return { createChatClient: null, skipped };
  const module = (await import(pathToFileURL(join(outdir, 'experimentalClient.mjs')).href)) as { createChatClient: typeof createChatClient };
  return { createChatClient: module.createChatClient, skipped };
}
