import type { RedactionDay } from '$shared/privacy';

/** One service's redactions on one day, every signal together, its kinds most first. */
export interface ReportRow {
  day: string;
  service: string;
  total: number;
  kinds: Array<{ kind: string; count: number }>;
}

/**
 * The API's rows (one per day, service, signal and kind) as the page's: one per day and
 * service, in the API's order (newest day first, then service).
 * @example reportRows([{ day: '2026-03-01', service: 'a', signal: 'logs', kind: 'email', count: 2 }]) // → [{ day: '2026-03-01', service: 'a', total: 2, kinds: [{ kind: 'email', count: 2 }] }]
 */
export function reportRows(days: RedactionDay[]): ReportRow[] {
  const rows = new Map<string, { day: string; service: string; kinds: Map<string, number> }>();
  for (const d of days) {
    const key = `${d.day}\u0000${d.service}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { day: d.day, service: d.service, kinds: new Map() }));
    row.kinds.set(d.kind, (row.kinds.get(d.kind) ?? 0) + d.count);
  }
  return [...rows.values()].map((r) => {
    const kinds = [...r.kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
    return { day: r.day, service: r.service, total: kinds.reduce((n, k) => n + k.count, 0), kinds };
  });
}

/** What each kind means, for the legend; an operator's own pattern is named by its kind. */
export const kindLabels: Record<string, string> = {
  key: 'credential attribute (Authorization, cookie, password, token…)',
  bearer: 'bearer token',
  basic: 'basic credential',
  jwt: 'JWT',
  email: 'e-mail address',
  card: 'card number (Luhn)',
};
