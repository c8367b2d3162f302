#!/usr/bin/env node
// Runs the compiled server (build/, made by scripts/build-server.mjs, which `npm start` runs
// after a change) while it is newer than every source; else the TypeScript sources through tsx,
// so a clone or an edited tree needs no build step, and never runs code older than its sources.
import { serverBuild } from '../scripts/build-server.mjs';

if (serverBuild.isFresh()) {
  await import(serverBuild.entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
