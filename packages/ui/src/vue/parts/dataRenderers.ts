import type { Component } from 'vue';
import type { DataPart } from '@rejoin/core';

/**
 * The app's renderers for its data parts, by the part's `name`: components that take the part as
 * their `part` prop (a function `({ part }) => h(...)` is one).
 */
export type DataRenderers = Readonly<Record<string, Component<{ part: DataPart }>>>;
