import '@rejoin/ui/styles.css';
import '../src/screen/storyScreen.css';
import { configure } from 'storybook/test';
import type { Preview } from '@storybook/react-vite';
import { storyA11y } from '../src/scenarios/storyA11y.ts';

// Plays wait for the screen with findBy/waitFor; a loaded CI runner needs more than the 1 s default.
configure({ asyncUtilTimeout: 5_000 });

const preview: Preview = {
  // An accessibility violation fails the story test, in the kit stories and the screens alike.
  parameters: { a11y: storyA11y },
};
export default preview;
