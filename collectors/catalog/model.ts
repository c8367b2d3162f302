/**
 * Backstage entities as Octolens reads them (https://backstage.io/docs/features/software-catalog/descriptor-format):
 * the kinds of the software model and the relations their specs imply.
 */

/** The kinds Octolens imports; others (Location, Template, custom kinds) are skipped and reported. */
export const catalogKinds = ['Component', 'System', 'API', 'Resource', 'Group', 'User', 'Domain'] as const;
export type CatalogKind = (typeof catalogKinds)[number];

/** A relation from an entity's spec, forward direction only: `source` type `target`. */
export interface CatalogRelation {
  type: 'ownedBy' | 'partOf' | 'providesApi' | 'consumesApi' | 'dependsOn' | 'memberOf' | 'childOf' | 'hasMember';
  target: string;
}

/** One imported entity, normalised: refs are `kind:namespace/name`, lowercase, as Backstage compares them. */
export interface CatalogEntity {
  ref: string;
  kind: CatalogKind;
  namespace: string;
  name: string;
  title: string;
  description: string;
  /** the owner's ref ('' when the kind has none) */
  owner: string;
  /** a Component's service: its name, or the service-name annotation (serviceAnnotations); '' for other kinds */
  service: string;
  type: string;
  lifecycle: string;
  /** the System it is part of, as a ref, '' when none */
  system: string;
  relations: CatalogRelation[];
  /** where it was read: file and 1-based line of its document (line 0 when pulled from an API) */
  file: string;
  line: number;
  /** the entity as read */
  raw: unknown;
}

/** A problem in a catalog file, where it is. */
export interface CatalogError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A document that is a valid entity of a kind Octolens does not import. */
export interface SkippedEntity {
  file: string;
  line: number;
  kind: string;
  name: string;
}

/**
 * Annotations that name a Component's service when it differs from the component's name, first
 * match wins. Backstage has no well-known annotation for this; `octolens.io/service-name` is
 * Octolens's own, `opentelemetry.io/service-name` the name some catalogs already use for it.
 */
export const serviceAnnotations = ['octolens.io/service-name', 'opentelemetry.io/service-name'];

/** @example formatCatalogError({ file: 'a.yaml', line: 3, column: 5, message: 'x' }) // → "a.yaml:3:5: x" */
export const formatCatalogError = (e: CatalogError) => `${e.file}:${e.line}:${e.column}: ${e.message}`;
