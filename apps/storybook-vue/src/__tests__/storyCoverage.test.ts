import { describe, expect, it } from 'vitest';
import { scenarioNames } from '../../../storybook/src/scenarios/scenarioCatalog.ts';
import { storyCoverage, storyDeclarations } from '../../../storybook/src/scenarios/storyCoverage.ts';

const stories = storyDeclarations(import.meta.glob('../stories/**/*.stories.ts', { eager: true }));

describe('the Vue Storybook', () => {
  it('has a story for every state of the chat machine', () => {
    expect(storyCoverage(stories).statesWithoutStory).toEqual([]);
  });

  it('has a story for every scenario, each declaring the state its scenario reaches', () => {
    const coverage = storyCoverage(stories);
    expect(coverage.scenariosWithoutStory).toEqual([]);
    expect(coverage.wrongDeclarations).toEqual([]);
    expect(stories.filter((story) => story.scenario !== undefined)).toHaveLength(scenarioNames.length);
  });

  it('has a story for every message part state, as the React Storybook does', () => {
    expect(storyCoverage(stories).partStatesWithoutStory).toEqual([]);
  });
});
