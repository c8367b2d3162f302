import { z } from 'zod';
import type { DoraScope } from '../../../../shared/api.js';
import type { MetaDb } from '../../../meta/index.js';
import { listServices } from '../../../meta/services.js';
import { timeParam } from '../../time.js';
import { BANDS_YEARS, type BandsYear } from './bands.js';


/** The parameters every /api/v1/dora route shares (docs/dora.md). DORA figures look at weeks, not the telemetry's hour: from defaults to now-30d. */
export const doraScopeFields = {
  from: timeParam('now-30d', false),
  to: timeParam('now', true),
  service: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
};

export const bandsYearField = z.coerce
  .number()
  .int()
  .refine((y): y is BandsYear => (BANDS_YEARS as readonly number[]).includes(y), { message: `expected one of ${BANDS_YEARS.join(', ')}` })
  .default(2024);

export const oneScope = { message: 'give service or team, not both', path: ['service'] };
export const notBoth = (q: { service?: string; team?: string }) => q.service === undefined || q.team === undefined;

export interface ResolvedScope {
  scope: DoraScope;
  /** the services in scope; absent: the organisation */
  services?: string[];
  /** why the scope holds nothing (a team without services), else undefined */
  empty?: string;
}

/** service= / team= (through the catalog's services.team) / the organisation. */
export async function resolveScope(meta: MetaDb, q: { service?: string; team?: string; environment?: string }): Promise<ResolvedScope> {
  const environment = q.environment ?? 'production';
  if (q.service !== undefined) {
    const services = [q.service];
    return { scope: { kind: 'service', service: q.service, services, environment }, services };
  }
  if (q.team !== undefined) {
    const team = q.team;
    const services = (await listServices({ db: meta })).filter((s) => s.team === team).map((s) => s.name);
    return { scope: { kind: 'team', team, services, environment }, services, ...(services.length === 0 ? { empty: `team "${team}" has no services in the catalog` } : {}) };
  }
  return { scope: { kind: 'organisation', environment } };
}
