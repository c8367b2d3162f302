import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { SpecSink } from './sink.js';
import { v1Documents, type V1Kind } from './openslo-v1-schema.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/** OpenSLO v1 objects by kind and name, so references resolve across files. */

export interface Entry<K extends V1Kind> {
  src: SourceDoc;
  doc: z.output<(typeof v1Documents)[K]>;
}

export type Registry = { [K in V1Kind]: Map<string, Entry<K>> };

export function emptyRegistry(): Registry {
  return { SLO: new Map(), SLI: new Map(), AlertPolicy: new Map(), AlertCondition: new Map(), AlertNotificationTarget: new Map(), Service: new Map(), DataSource: new Map() };
}

/** Adds a parsed object; a second object of the same kind and name is an error naming the first. */
export function register<K extends V1Kind>(registry: Registry, kind: K, entry: Entry<K>, sink: SpecSink): void {
  const byName = registry[kind] as Map<string, Entry<K>>;
  const name = entry.doc.metadata.name;
  const earlier = byName.get(name);
  if (earlier) {
    const at = sink.source(earlier.src, [], 'openslo/v1');
    sink.error(entry.src, ['metadata', 'name'], `duplicate ${kind} "${name}", also defined at ${at.file}:${at.line}:${at.column}`);
    return;
  }
  byName.set(name, entry);
}

/** The object a reference names, or an error at the reference. */
export function resolve<K extends V1Kind>(registry: Registry, kind: K, name: string, src: SourceDoc, path: PathSegment[], sink: SpecSink): Entry<K> | undefined {
  const byName = registry[kind] as Map<string, Entry<K>>;
  const entry = byName.get(name);
  if (!entry) sink.error(src, path, `no ${kind} named "${name}"${didYouMean(name, [...byName.keys()])}`);
  return entry;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
