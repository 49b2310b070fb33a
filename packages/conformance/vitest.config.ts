import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Each proof runs the whole suite against a live server: minutes of frames, not milliseconds.
export default mergeConfig(sharedConfig, { test: { testTimeout: 240_000, hookTimeout: 60_000 } });
