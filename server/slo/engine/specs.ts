import { existsSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { AlertRuleDefinition, SloDefinition } from '../model.js';
import { formatSpecError, loadSpecDirectory as loadSpecs, type SpecLoadResult } from '../spec/index.js';

/** A spec directory as the engine needs it: definitions, and load problems as one line each. */
export interface LoadedSpecs {
  slos: SloDefinition[];
  rules: AlertRuleDefinition[];
  /** `file:line:column: message` */
  errors: string[];
}

export type SpecLoader = (dir: string) => Promise<LoadedSpecs>;

const format = (loaded: Pick<SpecLoadResult, 'slos' | 'rules' | 'errors'>): LoadedSpecs => ({ slos: loaded.slos, rules: loaded.rules, errors: loaded.errors.map((e) => formatSpecError(e)) });

/** server/slo/spec's loader (git commits included), its errors formatted as `octolens slo validate` prints them. */
export const loadSpecDirectory: SpecLoader = async (dir) => format(await loadSpecs(dir));

/** `path` with its links resolved (when it exists): the compiled server (build/) reaches slo-specs/ through one, and a checkout may sit behind one. */
const real = (path: string) => (existsSync(path) ? realpathSync(path) : path);

const repoSpecs = real(resolve(import.meta.dirname, '..', '..', '..', 'slo-specs'));

/**
 * The specs the repository ships beside the user's: examples to copy from, and the hub's
 * own SLOs over its self-traces (service `octolens`). Neither belongs to a real install
 * unless asked for: examples attach to whatever services share their names, and fire
 * no-data alerts for the ones that do not exist.
 */
export const bundledSpecDirs = { examples: join(repoSpecs, 'examples'), own: join(repoSpecs, 'octolens') } as const;

/** the service the hub's own SLOs measure: its self-traces' service.name (OTEL_SERVICE_NAME, default octolens) */
export const OWN_SLO_SERVICE = 'octolens';

export interface HubSpecOptions {
  /** load the bundled examples (`octolens start --examples`, OCTOLENS_EXAMPLES) */
  examples: boolean;
  /** load the hub's own SLOs: only when it traces itself as OWN_SLO_SERVICE (OTEL_EXPORTER_OTLP_ENDPOINT set) */
  ownSlos: boolean;
  /** tests swap the raw loader */
  load?: (dir: string) => Promise<SpecLoadResult>;
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);

/**
 * The hub's loader: the user's spec directory, without the bundled folders it holds (the
 * default `./slo-specs` of a checkout holds both) unless they are wanted; a wanted bundled
 * folder outside the user's directory is loaded too, its files named relative to it.
 * @example createSloEngine({ ..., loadSpecs: hubSpecLoader({ examples: config.examples, ownSlos: true }) })
 */
export function hubSpecLoader({ examples, ownSlos, load = loadSpecs }: HubSpecOptions): SpecLoader {
  const wanted = [...(examples ? [bundledSpecDirs.examples] : []), ...(ownSlos ? [bundledSpecDirs.own] : [])];
  const unwanted = Object.values(bundledSpecDirs).filter((d) => !wanted.includes(d));
  return async (dir) => {
    const root = real(resolve(dir));
    const keep = (file: string) => !unwanted.some((d) => inside(resolve(root, file), d));
    const user = await load(dir);
    const out = { slos: user.slos.filter((d) => keep(d.source.file)), rules: user.rules.filter((d) => keep(d.source.file)), errors: user.errors.filter((e) => keep(e.file)) };
    for (const extra of wanted) {
      if (inside(extra, root)) continue;
      const loaded = await load(extra);
      const rename = (file: string) => relative(root, join(extra, file)).split(sep).join('/');
      for (const d of [...loaded.slos, ...loaded.rules]) d.source.file = rename(d.source.file);
      out.slos.push(...loaded.slos);
      out.rules.push(...loaded.rules);
      out.errors.push(...loaded.errors.map((e) => ({ ...e, file: rename(e.file) })));
    }
    return format(out);
  };
}
