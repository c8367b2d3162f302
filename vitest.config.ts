import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start real hubs (chDB, PGlite) in child processes: two at a time fit two cores.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'hub',
          include: ['server/**/*.test.ts', 'collectors/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The web app's unit tests need its own Svelte compiler and aliases.
      'web/vitest.config.ts',
    ],
  },
});
