/**
 * GET /api/v1/privacy over real chDB: rows of privacy_redactions as the OTLP collector
 * writes them (several per key before a merge), read back summed per day, service, signal
 * and kind, within whole UTC days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivacyResult } from '../../../../shared/privacy.js';
import type { RedactionRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const row = (Day: string, ServiceName: string, Kind: string, Count: number, Signal = 'traces'): RedactionRow => ({ Day, ServiceName, Signal, Kind, Count });

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  // Two inserts for one key: two parts until a merge, so the route must sum.
  await api.insert('privacy_redactions', [row('2026-03-01', 'checkout', 'email', 2), row('2026-03-01', 'checkout', 'key', 1), row('2026-03-02', 'billing', 'card', 1, 'logs')]);
  await api.insert('privacy_redactions', [row('2026-03-01', 'checkout', 'email', 3), row('2026-03-03', 'checkout', 'email', 7), row('2026-02-28', 'checkout', 'email', 100)]);
});
afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/privacy', () => {
  it('sums each day, service, signal and kind over whole UTC days, newest first, with totals per kind', async () => {
    const { status, body } = await api.get<PrivacyResult>('/api/v1/privacy?from=2026-03-01T12:00:00Z&to=2026-03-03T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toEqual<PrivacyResult>({
      from: '2026-03-01',
      to: '2026-03-03',
      days: [
        { day: '2026-03-03', service: 'checkout', signal: 'traces', kind: 'email', count: 7 },
        { day: '2026-03-02', service: 'billing', signal: 'logs', kind: 'card', count: 1 },
        { day: '2026-03-01', service: 'checkout', signal: 'traces', kind: 'email', count: 5 },
        { day: '2026-03-01', service: 'checkout', signal: 'traces', kind: 'key', count: 1 },
      ],
      totals: [
        { kind: 'email', count: 12 },
        { kind: 'card', count: 1 },
        { kind: 'key', count: 1 },
      ],
    });
  });

  it('narrows to one service', async () => {
    const { body } = await api.get<PrivacyResult>('/api/v1/privacy?from=2026-02-01T00:00:00Z&to=2026-03-31T00:00:00Z&service=billing');
    expect(body.days).toEqual([{ day: '2026-03-02', service: 'billing', signal: 'logs', kind: 'card', count: 1 }]);
    expect(body.totals).toEqual([{ kind: 'card', count: 1 }]);
  });

  it('answers an empty report for days without redactions', async () => {
    const { status, body } = await api.get<PrivacyResult>('/api/v1/privacy?from=2025-01-01T00:00:00Z&to=2025-01-31T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toEqual({ from: '2025-01-01', to: '2025-01-31', days: [], totals: [] });
  });

  it.each([
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'from: "from" must be before "to"'],
    ['from=yesterday', 'from: expected epoch milliseconds, RFC 3339 or an expression like now-1h, got "yesterday"'],
    ['servce=x', 'servce: unknown parameter (expected: from, to, service)'],
  ])('refuses %s with a 400 naming the parameter', async (q, message) => {
    const { status, body } = await api.get<{ code: string; message: string }>(`/api/v1/privacy?${q}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'bad_request', message });
  });
});
