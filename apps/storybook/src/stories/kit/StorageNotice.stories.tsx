import type { Meta, StoryObj } from '@storybook/react-vite';
import { StorageNotice } from '@rejoin/ui/react';
import { kitStory } from './kitStory.tsx';

const meta = { title: 'Kit/StorageNotice', component: StorageNotice } satisfies Meta;
export default meta;
type Story = StoryObj;

export const Corrupted: Story = { ...kitStory('storageCorrupted', ({ storageError }) => <StorageNotice error={storageError} />), name: 'Saved state could not be read' };
