import type { Meta, StoryObj } from '@storybook/react-vite';
import { createPlayground, type Playground as PlaygroundController } from '../scenarios/createPlayground.ts';
import { playgroundPlay } from '../scenarios/storyPlays.ts';
import { PlaygroundScreen } from '../screen/PlaygroundScreen.tsx';

/** The fake server running live: press the buttons and watch the machine move from state to state. */
const meta = {
  title: 'Playground',
  parameters: { layout: 'fullscreen' },
  loaders: [() => ({ playground: createPlayground() })],
  render: (_args, { loaded }) => <PlaygroundScreen playground={loaded['playground'] as PlaygroundController} />,
} satisfies Meta;
export default meta;

type Story = StoryObj<typeof meta>;

export const Playground: Story = { name: 'Playground' };

/** The same playground, pressing the buttons by itself: the server goes down and back, then a refresh. */
export const ScriptedRun: Story = { name: 'Scripted run', play: playgroundPlay };
