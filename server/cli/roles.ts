/**
 * The only file that knows roles. `all` runs every role in one process on embedded
 * defaults; splitting them needs stores that several processes can share.
 */
export const roles = {
  collector: { doc: 'OTLP and webhook receivers: decode, validate, enqueue' },
  worker: { doc: 'drains the queue into ClickHouse; discovers services; evaluates SLOs and alert rules, sends notifications' },
  api: { doc: 'query API and UI' },
} as const;

export type Role = keyof typeof roles;
export const allRoles = Object.keys(roles) as Role[];

export class RoleError extends Error {
  override name = 'RoleError';
}

/**
 * Parses `--role` (a comma list, or `all`) and checks the process can run that set with
 * the configured stores. Without a ClickHouse server one split works: collectors over
 * Redis, and a single `worker,api` process that owns embedded chDB and PGlite.
 */
export function resolveRoles(spec: string, env: { redisUrl?: string; clickhouseUrl?: string; databaseUrl?: string }): Set<Role> {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const selected = new Set<Role>();
  for (const name of names) {
    if (name === 'all') allRoles.forEach((r) => selected.add(r));
    else if (name in roles) selected.add(name as Role);
    else throw new RoleError(`unknown role "${name}" (expected: all, ${allRoles.join(', ')})`);
  }
  if (selected.size === 0) throw new RoleError('no role given (expected: all, or a comma list of collector, worker, api)');
  if (selected.size === allRoles.length) return selected;
  if (selected.has('collector') !== selected.has('worker') && !env.redisUrl) {
    throw new RoleError(
      'collector and worker in different processes need a shared queue: set REDIS_URL, or run them together (--role collector,worker)',
    );
  }
  // A collector over Redis opens no store: any number of them need nothing else.
  const storeRoles = selected.has('worker') || selected.has('api');
  if (!storeRoles) return selected;
  const embedded = !env.clickhouseUrl || !env.databaseUrl;
  if (embedded && !(selected.has('worker') && selected.has('api'))) {
    throw new RoleError(
      `${!env.clickhouseUrl ? 'embedded chDB' : 'embedded PGlite'} lives in one process, which must run both worker and api (--role worker,api, and only one such process): ` +
        `or set ${!env.clickhouseUrl ? 'CLICKHOUSE_URL' : 'DATABASE_URL'} so every process reaches the same store`,
    );
  }
  return selected;
}
