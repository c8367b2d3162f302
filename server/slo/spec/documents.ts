import { didYouMean } from './did-you-mean.js';
import { describe } from './issues.js';
import { importNative } from './native/index.js';
import { importOpenSloV1 } from './openslo-v1.js';
import { importOpenSloV1alpha } from './openslo-v1alpha.js';
import type { SpecSink } from './sink.js';
import { importSlothCrd, importSlothFile } from './sloth.js';
import type { SourceDoc } from './yaml-source.js';

/** Reads every document of one format; gets them all at once so documents can refer to each other. */
export type Importer = (docs: readonly SourceDoc[], sink: SpecSink) => void;

/** `apiVersion` → importer. A new format adds a row here. */
const byApiVersion: Record<string, Importer> = {
  'octolens/v1': importNative,
  'openslo/v1': importOpenSloV1,
  'openslo/v1alpha': importOpenSloV1alpha,
  'sloth.slok.dev/v1': importSlothCrd,
};

/** Sloth's plain files carry `version` instead of `apiVersion`. */
const byVersion: Record<string, Importer> = {
  'prometheus/v1': importSlothFile,
};

/** Sends each document to the importer of its format; reports documents of no known format. */
export function importDocuments(docs: readonly SourceDoc[], sink: SpecSink): void {
  const groups = new Map<Importer, SourceDoc[]>();
  for (const src of docs) {
    const importer = importerFor(src, sink);
    if (importer) groups.set(importer, [...(groups.get(importer) ?? []), src]);
  }
  for (const [importer, group] of groups) importer(group, sink);
}

function importerFor(src: SourceDoc, sink: SpecSink): Importer | undefined {
  const value = src.value;
  const apiVersions = Object.keys(byApiVersion);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sink.error(src, [], `expected a map with apiVersion and kind, got ${describe(value)}`);
    return undefined;
  }
  if ('apiVersion' in value) {
    const v = value.apiVersion;
    if (typeof v === 'string' && Object.hasOwn(byApiVersion, v)) return byApiVersion[v];
    sink.error(src, ['apiVersion'], `unknown apiVersion ${describe(v)}${typeof v === 'string' ? didYouMean(v, apiVersions) : ''} (expected one of: ${apiVersions.join(', ')})`);
    return undefined;
  }
  if ('version' in value) {
    const v = value.version;
    if (typeof v === 'string' && Object.hasOwn(byVersion, v)) return byVersion[v];
    sink.error(src, ['version'], `unknown Sloth spec version ${describe(v)} (expected "prometheus/v1")`);
    return undefined;
  }
  sink.error(src, [], `missing apiVersion (expected one of: ${apiVersions.join(', ')}; or version: prometheus/v1 for a Sloth file)`);
  return undefined;
}
