import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { TESSERA_LOG: 'silent' },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { TESSERA_LOG: 'silent' },
        },
      },
    ],
  },
});
