import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { pagerdutyConfigSchema } from './config.js';
import { pagerdutyRoutes } from './routes.js';

const SECRET = 'whsec-pd-7Qe2xK9vL0s3';
const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url));
/** The header PagerDuty sends: one v1 signature per signing secret it holds. */
const sign = (body: Uint8Array, ...secrets: string[]) => secrets.map((s) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');

function setup(config: Record<string, unknown> = { webhookSecret: SECRET }, recording = recordingDeps()) {
  const app = pagerdutyRoutes(pagerdutyConfigSchema.parse(config), recording.deps);
  const post = (body: Uint8Array | string, headers: Record<string, string>) => app.request('/ingest/pagerduty', { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const deliver = (name: string) => {
    const body = fixture(name);
    return post(body, { 'Content-Type': 'application/json', 'X-PagerDuty-Signature': sign(body, SECRET), 'X-Webhook-Id': `wh-${name}` });
  };
  return { post, deliver, ...recording };
}

const checkout = {
  IncidentId: 'pagerduty:Q2KJ7V9XWT4N1A',
  Provider: 'pagerduty',
  Service: 'checkout',
  CreatedAt: '1796034004.000',
  Severity: 'P2',
  Title: 'Checkout API: 5xx ratio above 2% for 5 minutes',
  CauseDeploymentId: '',
  CauseCommitSha: '',
  Url: 'https://acme-corp.pagerduty.com/incidents/Q2KJ7V9XWT4N1A',
};

describe('POST /ingest/pagerduty', () => {
  it.each([
    ['incident-triggered', { ...checkout, Status: 'triggered', At: '1796034004.512', DeliveryId: '01FZ8K3QW2J6T9XGBN4RC7DVHM' }],
    ['incident-acknowledged', { ...checkout, Status: 'acknowledged', At: '1796034221.093', DeliveryId: '01FZ8KAH5S3YQ0M2V7E9TXC4BD' }],
    ['incident-resolved', { ...checkout, Status: 'resolved', At: '1796036717.800', DeliveryId: '01FZ8NE1R8W4C6KJ2PZ0Q5XA9F' }],
    [
      'incident-reopened',
      {
        // no priority on this account's tax service: the severity is PagerDuty's urgency;
        // no serviceMap entry: the PagerDuty service name is kept
        IncidentId: 'pagerduty:Q0TAX55EL1B9RP', Provider: 'pagerduty', Service: 'Tax Service (prod)', Status: 'reopened', At: '1796096455.250',
        CreatedAt: '1796091069.000', Severity: 'low', Title: 'tax-service p99 latency above 800 ms', CauseDeploymentId: '', CauseCommitSha: '',
        Url: 'https://acme-corp.pagerduty.com/incidents/Q0TAX55EL1B9RP', DeliveryId: '01FZB3M0G7N1D8S4XK2W6Q9PRE',
      },
    ],
  ])('%s → one incidents row, and the delivery as received', async (name, row) => {
    const { deliver, pushes, rowsOf, counted } = setup({ webhookSecret: SECRET, serviceMap: 'PCHK4Q7=checkout' });
    const res = await deliver(name);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1, incidents: 1 } });
    expect(pushes.map((p) => p.key)).toEqual([`pagerduty/${row.DeliveryId}`]);
    expect(rowsOf('raw_events')).toEqual([
      { Source: 'pagerduty', DeliveryId: row.DeliveryId, EventType: `incident.${row.Status}`, ReceivedAt: expect.stringMatching(/^\d{10}\.\d{3}$/), Body: fixture(name).toString('utf8') },
    ]);
    expect(rowsOf('incidents')).toEqual([row]);
    expect(counted).toEqual([['accepted', null, 2]]);
  });

  it('maps a service by its PagerDuty name as well as its id', async () => {
    const { deliver, rowsOf } = setup({ webhookSecret: SECRET, serviceMap: { 'Checkout API': 'checkout-api' } });
    await deliver('incident-triggered');
    expect(rowsOf('incidents')[0]!.Service).toBe('checkout-api');
  });

  it('keeps another event type in raw_events only, answering 200', async () => {
    const { deliver, rowsOf, pushes } = setup();
    const res = await deliver('incident-annotated');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      stored: { raw_events: 1 },
      ignored: 'a "incident.annotated" event carries nothing Octolens derives; kept in raw_events',
    });
    expect(pushes.map((p) => p.parts.map((part) => part.table))).toEqual([['raw_events']]);
    expect(rowsOf('raw_events')[0]).toMatchObject({ DeliveryId: '01FZ8MZ4B2X7K1Q9V3T6C0EWNS', EventType: 'incident.annotated' });
  });

  it('keys a redelivery like the first delivery (event.id, not the per-subscription X-Webhook-Id)', async () => {
    const { post, pushes } = setup();
    const body = fixture('incident-resolved');
    const headers = { 'Content-Type': 'application/json', 'X-PagerDuty-Signature': sign(body, SECRET) };
    await post(body, { ...headers, 'X-Webhook-Id': 'subscription-a' });
    await post(body, { ...headers, 'X-Webhook-Id': 'subscription-b' });
    expect(pushes.map((p) => p.key)).toEqual(['pagerduty/01FZ8NE1R8W4C6KJ2PZ0Q5XA9F', 'pagerduty/01FZ8NE1R8W4C6KJ2PZ0Q5XA9F']);
  });

  it('accepts a delivery during secret rotation when any one of its signatures matches', async () => {
    const { post, pushes } = setup();
    const body = fixture('incident-triggered');
    const res = await post(body, { 'Content-Type': 'application/json', 'X-PagerDuty-Signature': `${sign(body, 'the-old-secret', SECRET)},v2=ffff` });
    expect(res.status).toBe(200);
    expect(pushes).toHaveLength(1);
  });

  it.each([
    ['no header', undefined, 'X-PagerDuty-Signature is missing and OCTOLENS_PAGERDUTY_WEBHOOK_SECRET is set'],
    ['another secret', 'wrong', 'X-PagerDuty-Signature: none of 1 v1 signature(s) matches the body under OCTOLENS_PAGERDUTY_WEBHOOK_SECRET'],
    ['a signature of another body', 'other-body', 'X-PagerDuty-Signature: none of 1 v1 signature(s) matches the body under OCTOLENS_PAGERDUTY_WEBHOOK_SECRET'],
    ['no v1 signature', 'v0', 'X-PagerDuty-Signature has no v1= signature'],
  ])('answers 401 and stores nothing with %s', async (_what, variant, message) => {
    const { post, pushes, counted } = setup();
    const body = fixture('incident-triggered');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (variant === 'wrong') headers['X-PagerDuty-Signature'] = sign(body, 'not-the-secret');
    if (variant === 'other-body') headers['X-PagerDuty-Signature'] = sign(fixture('incident-resolved'), SECRET);
    if (variant === 'v0') headers['X-PagerDuty-Signature'] = `v0=${sign(body, SECRET).slice(3)}`;
    const res = await post(body, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'unauthorized', message });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'unauthorized', 1]]);
  });

  it('takes unsigned deliveries when no secret is set', async () => {
    const { post, pushes } = setup({});
    const res = await post(fixture('incident-triggered'), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    expect(pushes).toHaveLength(1);
  });

  it.each([
    [(e: any) => delete e.event.data.created_at, 'event.data.created_at: Invalid input: expected string, received undefined'],
    [(e: any) => (e.event.data.service = 'Checkout API'), 'event.data.service: Invalid input: expected object, received string'],
    [(e: any) => (e.event.occurred_at = 'yesterday'), 'event.occurred_at: Invalid ISO datetime'],
    [(e: any) => delete e.event.id, 'event.id: Invalid input: expected string, received undefined'],
  ])('answers 400 naming the JSON path of a field it reads (%#)', async (spoil, message) => {
    const { post, pushes } = setup({});
    const body = JSON.parse(fixture('incident-acknowledged').toString('utf8'));
    spoil(body);
    const res = await post(JSON.stringify(body), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message });
    expect(pushes).toEqual([]);
  });

  it('answers 415 to another content type and 413 past maxBodyBytes', async () => {
    const { post } = setup({ maxBodyBytes: 512 });
    const small = await post('{}', { 'Content-Type': 'text/plain' });
    expect(small.status).toBe(415);
    const big = await post(fixture('incident-triggered'), { 'Content-Type': 'application/json' });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toContain('OCTOLENS_PAGERDUTY_MAX_BODY_BYTES');
  });
});
