/**
 * The current catalog → owners, teams and relations. Pure.
 *
 * A service's team is its Component's owner: a Group's name (`group:default/payments` →
 * `payments`; outside the default namespace `emea/payments`), or for a User the first group
 * they belong to (their spec.memberOf, else a group listing them in spec.members), when that
 * User is in the catalog; otherwise the team is unknown (null).
 */
import { splitRef, teamOfGroup } from '../../collectors/catalog/refs.js';
import type { CatalogEntityInfo, CatalogOwner, CatalogRelationInfo } from '../../shared/api.js';
import type { StoredEntity } from './current.js';

export interface ResolvedCatalog {
  entities: CatalogEntityInfo[];
  owners: CatalogOwner[];
  relations: CatalogRelationInfo[];
  /** service → its component and team; a service two components claim goes to the first by ref */
  services: Map<string, { entity: string; team: string | null; type: string }>;
}

const byRef = (a: { ref: string }, b: { ref: string }) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

export function resolveCatalog(stored: readonly StoredEntity[]): ResolvedCatalog {
  const sorted = [...stored].sort(byRef);
  const refs = new Set(sorted.map((e) => e.ref));
  const relations: CatalogRelationInfo[] = [];
  const groupsOfUser = new Map<string, string[]>();
  const addGroup = (user: string, group: string) => {
    const list = groupsOfUser.get(user) ?? [];
    if (!list.includes(group)) list.push(group);
    groupsOfUser.set(user, list);
  };
  for (const e of sorted) {
    e.relationTypes.forEach((type, i) => {
      const target = e.relationTargets[i]!;
      relations.push({ source: e.ref, type, target });
      if (type === 'memberOf' && e.kind === 'User') addGroup(e.ref, target);
    });
  }
  // spec.members of a group count after the user's own memberOf list.
  for (const r of relations) if (r.type === 'hasMember') addGroup(r.target, r.source);

  const teamOf = (owner: string): string | null => {
    if (!owner) return null;
    const kind = splitRef(owner).kind;
    if (kind === 'group') return teamOfGroup(owner);
    if (kind === 'user') {
      const group = groupsOfUser.get(owner)?.[0];
      return group ? teamOfGroup(group) : null;
    }
    return null;
  };

  const entities = sorted.map(
    (e): CatalogEntityInfo => ({
      ref: e.ref,
      kind: e.kind as CatalogEntityInfo['kind'],
      namespace: e.namespace,
      name: e.name,
      title: e.title,
      description: e.description,
      owner: e.owner,
      team: teamOf(e.owner),
      service: e.service,
      type: e.type,
      lifecycle: e.lifecycle,
      system: e.system,
      location: e.location,
      source: e.line > 0 ? `${e.file}:${e.line}` : '',
      importedAt: new Date(e.importedAt).toISOString(),
    }),
  );

  const services: ResolvedCatalog['services'] = new Map();
  for (const e of entities) if (e.kind === 'Component' && e.service && !services.has(e.service)) services.set(e.service, { entity: e.ref, team: e.team, type: e.type });

  const owners = new Map<string, CatalogOwner>();
  for (const e of entities) {
    if (!e.owner) continue;
    const owner = owners.get(e.owner) ?? { ref: e.owner, kind: splitRef(e.owner).kind, team: e.team, inCatalog: refs.has(e.owner), entities: 0, services: [] };
    owner.entities++;
    if (e.kind === 'Component' && e.service && services.get(e.service)?.entity === e.ref) owner.services.push(e.service);
    owners.set(e.owner, owner);
  }
  for (const o of owners.values()) o.services.sort();
  return { entities, owners: [...owners.values()].sort(byRef), relations, services };
}
