/**
 * Entity references, `[kind:][namespace/]name`, as Backstage parses them: a missing kind is
 * the field's default kind (an owner is a Group, a system a System…), a missing namespace is
 * the referring entity's. Compared case-insensitively, so kept lowercase.
 */

/**
 * @example parseEntityRef('payments', { kind: 'group', namespace: 'default' }) // → 'group:default/payments'
 * @example parseEntityRef('user:acme/jdoe', { kind: 'group', namespace: 'default' }) // → 'user:acme/jdoe'
 */
export function parseEntityRef(text: string, defaults: { kind: string; namespace: string }): string | undefined {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon > 0 ? trimmed.slice(0, colon) : defaults.kind;
  const rest = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  const slash = rest.indexOf('/');
  const namespace = slash > 0 ? rest.slice(0, slash) : defaults.namespace;
  const name = slash > 0 ? rest.slice(slash + 1) : rest;
  if (!name || name.includes('/') || name.includes(':') || !kind || !namespace) return undefined;
  return `${kind}:${namespace}/${name}`.toLowerCase();
}

/** @example splitRef('group:default/payments') // → { kind: 'group', namespace: 'default', name: 'payments' } */
export function splitRef(ref: string): { kind: string; namespace: string; name: string } {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon);
  return { kind: ref.slice(0, colon), namespace: ref.slice(colon + 1, slash), name: ref.slice(slash + 1) };
}

/**
 * The team a group ref stands for: its name, prefixed by its namespace outside `default`.
 * @example teamOfGroup('group:default/payments') // → 'payments'
 * @example teamOfGroup('group:emea/payments') // → 'emea/payments'
 */
export function teamOfGroup(ref: string): string {
  const { namespace, name } = splitRef(ref);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}
