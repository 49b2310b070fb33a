import vue from '@vitejs/plugin-vue';
import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(sharedConfig, {
  plugins: [vue()],
  test: { environment: 'happy-dom' },
});
