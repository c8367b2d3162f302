import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/**
 * Unit tests of the web app's pure modules and rune classes (`*.svelte.test.ts`), with the
 * app's own aliases and Svelte compiler: `npx vitest run --config web/vitest.config.ts`.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
      setupFiles: ['./vitest.setup.ts'],
      // @grafana/data's ESM build imports named exports from CommonJS moment-timezone, which
      // Node refuses; run it through Vite's transform, as the browser bundle does.
      server: { deps: { inline: ['@grafana/data'] } },
    },
  }),
);
