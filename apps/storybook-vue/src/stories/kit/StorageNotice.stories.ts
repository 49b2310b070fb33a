import { h } from 'vue';
import type { Meta, StoryObj } from '@storybook/vue3-vite';
import { StorageNotice } from '@rejoin/ui/vue';
import { kitStory } from './kitStory.ts';

const meta = { title: 'Kit/StorageNotice', component: StorageNotice } satisfies Meta;
export default meta;
type Story = StoryObj;

export const Corrupted: Story = { ...kitStory('storageCorrupted', ({ storageError }) => h(StorageNotice, { error: storageError })), name: 'Saved state could not be read' };
