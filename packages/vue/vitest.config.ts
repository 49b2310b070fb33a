import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(sharedConfig, {
  test: { environment: 'happy-dom', typecheck: { include: ['src/**/__tests__/**/*.test-d.ts'], tsconfig: './tsconfig.json' } },
});
