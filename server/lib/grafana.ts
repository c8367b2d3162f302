import { createRequire } from 'node:module';

type Grafana = typeof import('@grafana/data');

/**
 * @grafana/data's ESM entry does not load on Node 20 (a moment-timezone named import);
 * its CommonJS build does. getValueFormat needs a navigator, which Node 20 lacks.
 *
 * Loaded at the first call, not at import: it takes ~45 MiB (moment, lodash, rxjs…), which an
 * idle hub does not need until the first query (bench/idle-memory). The names below stand for
 * the library's own, each reaching it on first use.
 */
let grafana: Grafana | undefined;
function load(): Grafana {
  if (!grafana) {
    (globalThis as { navigator?: unknown }).navigator ??= { language: 'en-US' };
    grafana = createRequire(import.meta.url)('@grafana/data') as Grafana;
  }
  return grafana;
}

/** An object of the library (a namespace or an enum) whose members are read from it when first used. */
const member = <K extends keyof Grafana>(name: K): Grafana[K] =>
  new Proxy({} as Grafana[K] & object, { get: (_, key) => (load()[name] as Record<string | symbol, unknown>)[key] });

export const dateMath = member('dateMath');
export const rangeUtil = member('rangeUtil');
export const FieldType = member('FieldType');
export const toDataFrame: Grafana['toDataFrame'] = (...args) => load().toDataFrame(...args);
export const dataFrameToJSON: Grafana['dataFrameToJSON'] = (...args) => load().dataFrameToJSON(...args);
export const getValueFormat: Grafana['getValueFormat'] = (...args) => load().getValueFormat(...args);
