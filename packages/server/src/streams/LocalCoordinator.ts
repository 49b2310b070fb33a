import type { CoordinatorHandlers, GenerationCoordinator, ReleaseOutcome } from './GenerationCoordinator.ts';

/**
 * The coordinator of a process that owns every conversation (stores no other instance shares):
 * the lease is always granted and release always frees it, so the registry runs one worker loop
 * whether or not other instances exist. Stops have nowhere else to go.
 */
export class LocalCoordinator implements GenerationCoordinator {
  readonly instanceId = 'local';

  acquire(): Promise<boolean> {
    return Promise.resolve(true);
  }

  release(): Promise<ReleaseOutcome> {
    return Promise.resolve('released');
  }

  abandon(): void {}

  requestStop(): Promise<void> {
    return Promise.resolve();
  }

  attach(_handlers: CoordinatorHandlers): () => void {
    return () => {};
  }
}
