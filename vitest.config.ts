import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { TESSERA_LOG: 'silent' },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/renderer-*'], environment: 'node' } },
      // The renderer's data layer and components, in a DOM of their own.
      { test: { name: 'renderer', include: ['tests/unit/renderer-*.test.{ts,tsx}'], environment: 'jsdom' } },
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
