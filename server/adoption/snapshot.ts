/**
 * The daily adoption snapshot: the worker derives every service's facts and writes them as
 * today's rows of adoption_facts (migration 0012), at start and every interval; the day's
 * latest pass wins. Stored rows are read back as the trend (server/adoption/get-adoption.ts).
 */
import { adoptionFactNames, type AdoptionFacts, type FactValue } from '../../shared/adoption.js';
import type { Logger } from '../lib/log.js';
import type { MetaDb } from '../meta/index.js';
import type { TelemetryStore } from '../storage/index.js';
import { deriveAdoptionFacts, type DerivedService } from './derive-facts.js';

const encode = (v: FactValue) => (v === 'unknown' ? -1 : v ? 1 : 0);
const decode = (v: number | undefined): FactValue => (v === undefined || Number(v) < 0 ? 'unknown' : Number(v) === 1);

/** YYYY-MM-DD of a time, in UTC: days are UTC days. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function writeAdoptionSnapshot({ store, services, day, takenAt }: { store: TelemetryStore; services: DerivedService[]; day: string; takenAt: number }) {
  if (services.length === 0) return;
  const rows = services
    .map((s) =>
      JSON.stringify({
        Service: s.service,
        Team: s.team ?? '',
        Entity: s.entity ?? '',
        Facts: Object.fromEntries(adoptionFactNames.map((f) => [f, encode(s.facts[f])])),
        Template: s.template ?? '',
        Runbook: s.runbook?.url ?? '',
      }),
    )
    .join('\n');
  // format() reads the rows from a parameter: no insert token or ingest table needed, and a
  // pass re-run the same day only adds a newer version of each row.
  await store.query(
    `INSERT INTO adoption_facts (Day, Service, Team, Entity, Facts, Template, Runbook, TakenAt)
     SELECT toDate({day:String}), Service, Team, Entity, Facts, Template, Runbook, fromUnixTimestamp64Milli({takenAt:Int64})
     FROM format(JSONEachRow, 'Service String, Team String, Entity String, Facts Map(String, Int8), Template String, Runbook String', {rows:String})`,
    { day, takenAt, rows },
  );
}

export async function takeAdoptionSnapshot({ store, meta, now = Date.now() }: { store: TelemetryStore; meta: MetaDb; now?: number }) {
  const services = await deriveAdoptionFacts({ store, meta, now });
  await writeAdoptionSnapshot({ store, services, day: utcDay(now), takenAt: now });
  return services.length;
}

export interface StoredDay {
  day: string;
  service: string;
  team: string | null;
  facts: AdoptionFacts;
}

/** The stored rows of the days in [fromDay, toDay], oldest first; `team` narrows to that day's owner, `service` to one service. */
export async function readAdoptionSnapshots(store: TelemetryStore, { fromDay, toDay, team, service }: { fromDay: string; toDay: string; team?: string; service?: string }): Promise<StoredDay[]> {
  const rows = await store.query<{ day: string; service: string; team: string; facts: Record<string, number> }>(
    `SELECT toString(Day) AS day, Service AS service, Team AS team, Facts AS facts FROM adoption_facts FINAL
     WHERE Day >= toDate({fromDay:String}) AND Day <= toDate({toDay:String})
       ${team === undefined ? '' : 'AND Team = {team:String}'} ${service === undefined ? '' : 'AND Service = {service:String}'}
     ORDER BY Day, Service`,
    { fromDay, toDay, ...(team === undefined ? {} : { team }), ...(service === undefined ? {} : { service }) },
  );
  return rows.map((r) => ({
    day: r.day,
    service: r.service,
    team: r.team || null,
    facts: Object.fromEntries(adoptionFactNames.map((f) => [f, decode(r.facts[f])])) as AdoptionFacts,
  }));
}

/** Takes the snapshot at start and every `intervalMs`; passes never overlap; `stop()` waits for the one running. */
export function createAdoptionSnapshots(deps: { store: TelemetryStore; meta: MetaDb; intervalMs: number; log: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const pass = () => {
    running = running.then(() => takeAdoptionSnapshot(deps)).catch((error: unknown) => deps.log.warn('adoption snapshot failed; retrying at the next interval', { error }));
    return running;
  };
  return {
    pass,
    /** the first pass runs in the background: it scans days of telemetry and must not hold up readiness */
    async start() {
      void pass();
      timer = setInterval(() => void pass(), deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
