import { machineStateIds, type MachineStateId } from './machineStates.ts';
import { partStates, type PartState } from './partExamples.ts';
import { scenarioNames, scenarios, type ScenarioName } from './scenarioCatalog.ts';

/**
 * What a story declares in its `parameters`: the machine state it shows and the scenario that
 * builds it, or the message part state it shows.
 */
export interface StoryDeclaration {
  /** Where the story is, for the failure message: `Streaming.stories.tsx > Streaming`. */
  readonly story: string;
  readonly machineState: unknown;
  readonly scenario: unknown;
  readonly partState?: unknown;
}

export interface StoryCoverage {
  /** Machine states no story shows (a parent counts as shown when one of its children is). */
  readonly statesWithoutStory: readonly MachineStateId[];
  /** Scenarios (the named situations) no story renders. */
  readonly scenariosWithoutStory: readonly ScenarioName[];
  /** Message part states (`partStates`) no story shows. */
  readonly partStatesWithoutStory: readonly PartState[];
  /** Stories that declare a state the machine does not have, or one their scenario does not reach, or an unknown part state. */
  readonly wrongDeclarations: readonly string[];
}

/**
 * Compares the machine's states and the scenario catalog with what the stories declare. Both
 * Storybooks run it over their own stories, so a new machine state without a story fails the build.
 */
export function storyCoverage(stories: readonly StoryDeclaration[]): StoryCoverage {
  const states = machineStateIds();
  const shown = new Set<string>();
  const rendered = new Set<string>();
  const wrongDeclarations: string[] = [];
  const partStatesShown = new Set<unknown>();
  for (const story of stories) {
    if (story.partState !== undefined) {
      if (partStates.includes(story.partState as PartState)) partStatesShown.add(story.partState);
      else wrongDeclarations.push(`${story.story} declares ${String(story.partState)}, which is not a message part state`);
    }
    if (story.machineState === undefined && story.scenario === undefined) continue;
    const scenario = typeof story.scenario === 'string' && story.scenario in scenarios ? scenarios[story.scenario as ScenarioName] : null;
    if (story.machineState !== undefined && !states.includes(story.machineState as MachineStateId)) {
      wrongDeclarations.push(`${story.story} declares ${String(story.machineState)}, which is not a state of the chat machine`);
      continue;
    }
    if (story.scenario !== undefined && scenario === null) {
      wrongDeclarations.push(`${story.story} renders an unknown scenario ${String(story.scenario)}`);
      continue;
    }
    if (scenario !== null && story.machineState !== scenario.machineState) {
      wrongDeclarations.push(`${story.story} declares ${String(story.machineState)}, but its scenario "${scenario.name}" ends in ${scenario.machineState}`);
      continue;
    }
    shown.add(String(story.machineState));
    if (scenario !== null) rendered.add(scenario.name);
  }
  return {
    statesWithoutStory: states.filter((id) => ![...shown].some((state) => state === id || state.startsWith(`${id}.`))),
    scenariosWithoutStory: scenarioNames.filter((name) => !rendered.has(name)),
    partStatesWithoutStory: partStates.filter((state) => !partStatesShown.has(state)),
    wrongDeclarations,
  };
}

/**
 * The declarations of every story in a set of CSF modules (as `import.meta.glob(..., { eager: true })`
 * returns them): each named export's `parameters.machineState`, `parameters.scenario` and `parameters.partState`.
 */
export function storyDeclarations(modules: Readonly<Record<string, unknown>>): readonly StoryDeclaration[] {
  const declarations: StoryDeclaration[] = [];
  for (const [file, module] of Object.entries(modules)) {
    for (const [exportName, story] of Object.entries(module as Record<string, unknown>)) {
      if (exportName === 'default' || exportName === '__namedExportsOrder' || typeof story !== 'object' || story === null) continue;
      const parameters = (story as { parameters?: Record<string, unknown> }).parameters ?? {};
      declarations.push({
        story: `${file.split('/').pop() ?? file} > ${exportName}`,
        machineState: parameters['machineState'],
        scenario: parameters['scenario'],
        partState: parameters['partState'],
      });
    }
  }
  return declarations;
}
