import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's young generation grow again, after bin/octolens.mjs held it at its starting size
 * (a growth factor of 1) for start-up.
 *
 * Start-up (compiling ~400 modules, opening chDB and PGlite) keeps most of what it allocates,
 * and each scavenge that sees that much survive doubles the semi-spaces, up to 16 MiB each: an
 * idle hub then holds ~30 MiB of young generation it no longer uses, until V8's memory reducer
 * shrinks it ~16 s after start (bench/idle-memory/README.md). Capping it for good
 * (`--max-semi-space-size`) costs ingest throughput, which wants the large young generation.
 * V8 reads the factor each time it grows the space, so holding it during start-up only, and
 * V8's default (2) after it, leaves ingest's growth as it was.
 */
export function releaseYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}
