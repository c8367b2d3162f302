/**
 * Parsed entities → CatalogEntity (refs resolved, relations from the spec) → catalog_snapshots
 * rows. Pure: no I/O, no clock.
 */
import type { z } from 'zod';
import { formatMillis, type CatalogSnapshotRow } from '../../server/storage/rows.js';
import { catalogKinds, serviceAnnotations, type CatalogEntity, type CatalogKind, type CatalogRelation } from './model.js';
import { parseEntityRef } from './refs.js';
import { entityEnvelope, specSchemas } from './schema.js';

export type PathSegment = string | number;

/** Why a value is not an entity, at which field path (for file:line). */
export interface EntityIssue {
  path: PathSegment[];
  message: string;
}

export type EntityResult =
  | { ok: true; entity: CatalogEntity }
  | { ok: false; issues: EntityIssue[] }
  /** a valid envelope of a kind Octolens does not import (Location, Template…) */
  | { ok: 'skipped'; kind: string; name: string };

const kindByLowercase = new Map<string, CatalogKind>(catalogKinds.map((k) => [k.toLowerCase(), k]));

function issuesOf(error: z.ZodError, prefix: PathSegment[] = []): EntityIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...(i.path as PathSegment[])],
    message: i.code === 'invalid_type' && / received undefined$/.test(i.message) ? `is required (${i.expected})` : i.message,
  }));
}

/**
 * One document's value → an entity. `where` is its file and line, kept on the entity.
 * @example toEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'payments' }, spec: { type: 'team' } }, { file: 'org.yaml', line: 1 })
 */
export function toEntity(value: unknown, where: { file: string; line: number }): EntityResult {
  const envelope = entityEnvelope.safeParse(value);
  if (!envelope.success) return { ok: false, issues: issuesOf(envelope.error) };
  const e = envelope.data;
  const kind = kindByLowercase.get(e.kind.toLowerCase());
  if (!kind) return { ok: 'skipped', kind: e.kind, name: e.metadata.name };
  const specResult = specSchemas[kind].safeParse(e.spec ?? {});
  if (!specResult.success) return { ok: false, issues: issuesOf(specResult.error, ['spec']) };
  const spec = specResult.data as Record<string, unknown>;
  const namespace = (e.metadata.namespace ?? 'default').toLowerCase();
  const issues: EntityIssue[] = [];
  const relations: CatalogRelation[] = [];
  const ref = (field: string, text: string, defaultKind: string, index?: number) => {
    const parsed = parseEntityRef(text, { kind: defaultKind, namespace });
    if (!parsed) issues.push({ path: ['spec', field, ...(index === undefined ? [] : [index])], message: `not an entity reference ([kind:][namespace/]name): "${text}"` });
    return parsed ?? '';
  };
  const one = (field: string, type: CatalogRelation['type'], defaultKind: string) => {
    const text = spec[field];
    if (typeof text !== 'string') return '';
    const target = ref(field, text, defaultKind);
    if (target) relations.push({ type, target });
    return target;
  };
  const many = (field: string, type: CatalogRelation['type'], defaultKind: string) => {
    const list = spec[field];
    if (!Array.isArray(list)) return;
    list.forEach((text: string, i) => {
      const target = ref(field, text, defaultKind, i);
      if (target) relations.push({ type, target });
    });
  };

  // Backstage's default kinds per field: an owner is a Group, a dependency a Component.
  const owner = one('owner', 'ownedBy', 'group');
  const system = one('system', 'partOf', 'system');
  one('domain', 'partOf', 'domain');
  one('subdomainOf', 'partOf', 'domain');
  one('subcomponentOf', 'partOf', 'component');
  many('providesApis', 'providesApi', 'api');
  many('consumesApis', 'consumesApi', 'api');
  many('dependsOn', 'dependsOn', 'component');
  many('memberOf', 'memberOf', 'group');
  one('parent', 'childOf', 'group');
  many('members', 'hasMember', 'user');
  if (issues.length > 0) return { ok: false, issues };

  const annotations = e.metadata.annotations ?? {};
  const named = serviceAnnotations.map((a) => annotations[a]?.trim()).find((v) => v);
  return {
    ok: true,
    entity: {
      ref: `${kind}:${namespace}/${e.metadata.name}`.toLowerCase(),
      kind,
      namespace,
      name: e.metadata.name,
      title: e.metadata.title ?? '',
      description: e.metadata.description ?? '',
      owner,
      service: kind === 'Component' ? (named ?? e.metadata.name) : '',
      type: typeof spec.type === 'string' ? spec.type : '',
      lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : '',
      system,
      relations,
      file: where.file,
      line: where.line,
      raw: value,
    },
  };
}

export interface SnapshotParams {
  location: string;
  source: 'upload' | 'cli' | 'backstage';
  importedAtMs: number;
}

/** A snapshot's rows: the marker row first (EntityRef ''), then one per entity. */
export function snapshotRows(entities: readonly CatalogEntity[], p: SnapshotParams): CatalogSnapshotRow[] {
  const base = { Location: p.location, ImportedAt: formatMillis(p.importedAtMs), Source: p.source };
  const marker: CatalogSnapshotRow = {
    ...base, EntityRef: '', Kind: '', Namespace: '', Name: '', Title: '', Description: '', Owner: '', Service: '', Type: '', Lifecycle: '', System: '',
    RelationTypes: [], RelationTargets: [], File: '', Line: 0, Entity: '',
  };
  return [
    marker,
    ...entities.map(
      (e): CatalogSnapshotRow => ({
        ...base,
        EntityRef: e.ref,
        Kind: e.kind,
        Namespace: e.namespace,
        Name: e.name,
        Title: e.title,
        Description: e.description,
        Owner: e.owner,
        Service: e.service,
        Type: e.type,
        Lifecycle: e.lifecycle,
        System: e.system,
        RelationTypes: e.relations.map((r) => r.type),
        RelationTargets: e.relations.map((r) => r.target),
        File: e.file,
        Line: e.line,
        Entity: JSON.stringify(e.raw),
      }),
    ),
  ];
}
