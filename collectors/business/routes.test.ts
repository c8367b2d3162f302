import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { businessConfigSchema } from './config.js';
import { businessRoutes } from './routes.js';

const NOW = Date.UTC(2026, 11, 2, 10);
const post = (body: unknown, contentType = 'application/json') => {
  const recorded = recordingDeps();
  const app = businessRoutes(businessConfigSchema.parse({}), recorded.deps, () => NOW);
  return { recorded, response: app.request('/ingest/business', { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) }) };
};

describe('POST /ingest/business', () => {
  it('stores each event with its value (1 by default), time (now by default), service and attributes', async () => {
    const { recorded, response } = post({
      events: [
        { name: 'orders.placed', value: 49.9, service: 'checkout', attributes: { country: 'DE', items: 3, gift: false }, time: '2026-12-02T09:30:00Z', id: 'o-1' },
        { name: 'signups' },
      ],
    });
    const res = await response;
    expect([res.status, await res.json()]).toEqual([200, { stored: 2 }]);
    expect(recorded.rowsOf('business_events')).toEqual([
      { Timestamp: '1796203800.000000000', Name: 'orders.placed', ServiceName: 'checkout', Attributes: { country: 'DE', items: '3', gift: 'false' }, ResourceAttributes: { 'service.name': 'checkout' }, Value: 49.9, EventId: 'o-1', Source: 'api' },
      { Timestamp: '1796205600.000000000', Name: 'signups', ServiceName: '', Attributes: {}, ResourceAttributes: {}, Value: 1, EventId: '', Source: 'api' },
    ]);
  });

  it('names the JSON path of what is wrong and stores nothing', async () => {
    const { recorded, response } = post({ events: [{ name: 'ok' }, { name: '', value: 'lots' }] });
    const res = await response;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('events[1].name: Too small: expected string to have >=1 characters; events[1].value: Invalid input: expected number, received string');
    expect(recorded.pushes).toEqual([]);
  });

  it('refuses another content type with 415 and broken JSON with 400', async () => {
    expect((await post('name=x', 'application/x-www-form-urlencoded').response).status).toBe(415);
    const broken = await post('{"events": [').response;
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/^invalid JSON: /);
  });
});
