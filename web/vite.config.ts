import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The web UI: a single page the hub serves from `web/dist` for every non-API path.
 * `npm run build:web` (scripts/build-web.mjs) builds it; `vite --config web/vite.config.ts`
 * serves it with hot reload against a hub on :8080 (override with OCTOLENS_API_URL).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [svelte()],
  resolve: {
    alias: {
      $shared: here('../shared'),
      $lib: here('./src/lib'),
    },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // Libraries (@grafana/data is most of them) change less often than the app: their own
    // chunk stays cached across UI releases. It is ~1 MB minified, ~160 kB gzipped.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } },
    },
  },
  server: {
    proxy: { '/api': process.env.OCTOLENS_API_URL ?? 'http://localhost:8080' },
  },
});
