import { chatStep } from './chatSteps.ts';

/** One step of a path, as a person reads it. */
export interface ChatPathStep {
  readonly name: string;
  readonly description: string;
}

/**
 * A sequence of things happening to a chat, as data. `String(path)` reads as a test title
 * ("send → offline → refresh → online"); `seed` and `index` replay it.
 */
export interface ChatPath {
  readonly steps: readonly ChatPathStep[];
  /** The seed of the `generateChatPaths` call that made it, or null for a path written by hand. */
  readonly seed: number | null;
  /** Its place in that call's result. */
  readonly index: number | null;
  toString(): string;
}

const ARROW = ' → ';

/** A path from step names, each checked against the step catalogue. */
export function chatPath(names: readonly string[], origin: { readonly seed: number; readonly index: number } | null = null): ChatPath {
  const steps = names.map((name) => {
    const { description } = chatStep(name);
    return { name, description };
  });
  return {
    steps,
    seed: origin?.seed ?? null,
    index: origin?.index ?? null,
    toString: () => steps.map((step) => step.name).join(ARROW),
  };
}

/** The path a test title names: paste a failing title to replay exactly that path. */
export function chatPathFromTitle(title: string): ChatPath {
  return chatPath(title.split(ARROW).map((name) => name.trim()).filter((name) => name !== ''));
}
