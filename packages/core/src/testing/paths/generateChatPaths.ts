import { headlessChatApp } from './ChatAppDriver.ts';
import { chatPath, type ChatPath } from './ChatPath.ts';
import { CHAT_STEPS, chatStep } from './chatSteps.ts';
import { runChatPath } from './runChatPath.ts';
import { measureCoverage, type StatechartCoverage } from './statechartCoverage.ts';

export interface GenerateChatPathsOptions {
  /** Longest path, in steps. @default 3 */
  readonly depth?: number;
  /**
   * Most paths returned: of all the paths found up to `depth`, the ones that together cover the
   * most of the statechart (greedily, the path adding the most first), then in the order found.
   * @default Infinity
   */
  readonly count?: number;
  /** Replays the same paths for the same seed. @default 1 */
  readonly seed?: number;
  /** Paths without anything new still extended at each depth, to reach further. @default 12 */
  readonly beam?: number;
  /**
   * The steps your app can take, by name (see `CHAT_STEPS`); an app without a conversation list
   * leaves out `new conversation` and `switch back`. @default every step
   */
  readonly steps?: readonly string[];
}

/** Generated paths, shortest first, with what they cover of the statechart. */
export interface ChatPathSet extends ReadonlyArray<ChatPath> {
  readonly coverage: StatechartCoverage;
  /** How many paths of each length (index 0: one step). */
  readonly perDepth: readonly number[];
  /** Candidate paths played on the client to choose these. */
  readonly explored: number;
}

/** What a candidate path reached on the client. */
interface Explored {
  readonly names: readonly string[];
  /** State nodes, transitions, and each step paired with the state it was taken in. */
  readonly reached: ReadonlySet<string>;
  readonly states: ReadonlySet<string>;
  readonly transitions: ReadonlySet<string>;
  /** The steps that can happen after it. */
  readonly next: readonly string[];
}

async function explore(names: readonly string[], allowed: ReadonlySet<string>): Promise<Explored> {
  const stepsTaken = new Set<string>();
  let next: string[] = [];
  const report = await runChatPath(chatPath(names), headlessChatApp(), {
    checkInvariants: false,
    atRest: false,
    observeWorld(world, stepIndex) {
      const state = JSON.stringify(world.client.getSnapshot().value);
      if (stepIndex < names.length) stepsTaken.add(`${names[stepIndex]} in ${state}`);
      else next = CHAT_STEPS.filter((step) => allowed.has(step.name) && step.enabled(world)).map((step) => step.name);
    },
  });
  const states = new Set([...report.states].map((id) => `state ${id}`));
  const transitions = new Set([...report.transitions].map((key) => `transition ${key}`));
  return { names, reached: new Set([...states, ...transitions, ...stepsTaken]), states: report.states, transitions: report.transitions, next };
}

/** mulberry32 again, for the order candidates are tried in: the seed decides which of equals wins. */
function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/**
 * Paths through the things that happen to a chat (drops, restarts, offline, refresh, switching,
 * sending, stopping, a slow network, a server down past the retry limit), generated from the
 * client's statechart rather than listed by hand: a seeded, breadth-first exploration that plays
 * each candidate on a real client over the fake server, and keeps the ones that reach something no
 * earlier path reached (a state, a transition, or a step taken in a state not seen with it before).
 * Deterministic for a seed; `result.coverage` tells what of the statechart the set exercises.
 */
export async function generateChatPaths(options: GenerateChatPathsOptions = {}): Promise<ChatPathSet> {
  const depth = options.depth ?? 3;
  const count = options.count ?? Infinity;
  const seed = options.seed ?? 1;
  const beam = options.beam ?? 12;
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`[rejoin] generateChatPaths: depth must be a whole number of steps, 1 or more (got ${depth}).`);

  // Each name checked: a mistyped one throws, naming the steps there are.
  const allowed = new Set((options.steps ?? CHAT_STEPS.map((step) => step.name)).map((name) => chatStep(name).name));
  const reached = new Set<string>();
  const states = new Set<string>();
  const transitions = new Set<string>();
  const found: Explored[] = [];
  const perDepth: number[] = [];
  let explored = 0;
  let frontier: Explored[] = [await explore([], allowed)];

  for (let length = 1; length <= depth; length++) {
    const candidates = seededShuffle(
      frontier.flatMap((parent) => parent.next.map((name) => [...parent.names, name])),
      seed * 1_000 + length,
    );
    const kept: Explored[] = [];
    const others: Explored[] = [];
    for (const names of candidates) {
      const result = await explore(names, allowed);
      explored++;
      const novel = [...result.reached].filter((item) => !reached.has(item));
      if (novel.length === 0) {
        others.push(result);
        continue;
      }
      for (const item of novel) reached.add(item);
      found.push(result);
      kept.push(result);
    }
    frontier = [...kept, ...others.slice(0, Math.max(0, beam - kept.length))];
  }

  const chosen = selectCovering(found, count);
  for (const path of chosen) {
    for (const id of path.states) states.add(id);
    for (const key of path.transitions) transitions.add(key);
    perDepth[path.names.length - 1] = (perDepth[path.names.length - 1] ?? 0) + 1;
  }
  const paths = chosen.map((path, index) => chatPath(path.names, { seed, index }));
  return Object.assign(paths, { coverage: measureCoverage(states, transitions), perDepth: Array.from({ length: depth }, (_, i) => perDepth[i] ?? 0), explored });
}

/**
 * At most `count` paths: greedily the one covering the most state nodes and transitions not yet
 * covered, until none adds any, then the rest in the order found; returned shortest first.
 */
function selectCovering(found: readonly Explored[], count: number): Explored[] {
  if (found.length <= count) return [...found];
  const covered = new Set<string>();
  const picked = new Set<Explored>();
  const gain = (path: Explored): number => [...path.states, ...path.transitions].filter((item) => !covered.has(item)).length;
  while (picked.size < count) {
    let best: Explored | null = null;
    let bestGain = 0;
    for (const path of found) {
      if (picked.has(path)) continue;
      const g = gain(path);
      if (g > bestGain) [best, bestGain] = [path, g];
    }
    if (best === null) break;
    picked.add(best);
    for (const item of [...best.states, ...best.transitions]) covered.add(item);
  }
  for (const path of found) if (picked.size < count) picked.add(path);
  return found.filter((path) => picked.has(path));
}
