#!/usr/bin/env node
// Runs the compiled server (build/, made by scripts/build-server.mjs, which `npm start` runs
// after a change) while it is newer than every source; else the TypeScript sources through tsx,
// so a clone or an edited tree needs no build step, and never runs code older than its sources.
import { setFlagsFromString } from 'node:v8';
import { serverBuild } from '../scripts/build-server.mjs';

// V8's young generation stays at its starting size while the modules load and the hub starts;
// the CLI lets it grow once a hub is ready, or at once for any other command
// (server/lib/young-generation.ts says why).
setFlagsFromString('--semi-space-growth-factor=1');

if (serverBuild.isFresh()) {
  await import(serverBuild.entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
