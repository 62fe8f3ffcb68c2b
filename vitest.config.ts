import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { TESSERA_LOG: 'silent' },
    projects: [
      // Some unit tests start Chromium or build the app: seconds on a busy machine.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/renderer-*'], environment: 'node', testTimeout: 60_000 } },
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
      {
        // Timing checks: after the other projects (groupOrder), one file at a time.
        test: {
          name: 'serial',
          include: ['tests/serial/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // A timing figure can meet another process's burst on a shared machine: measured again once.
          retry: 1,
          testTimeout: 300_000,
          hookTimeout: 120_000,
          env: { TESSERA_LOG: 'silent' },
        },
      },
    ],
  },
});
