import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackTarget, escapeSlack } from './slack.js';
import { fastRetry, sloTransition, startCaptureServer, type CaptureServer } from './testing.js';

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer(() => ({ status: 200, body: 'ok' }));
});
afterEach(async () => {
  await server.close();
});

describe('Slack webhook', () => {
  it('posts a firing SLO alert: fallback text, severity emoji, SLO, burn rate, since, link and runbook', async () => {
    const target = createSlackTarget({ url: `${server.url}/services/T0/B0/x`, publicUrl: 'https://octolens.example.com', retry: fastRetry() });
    const t = sloTransition({ annotations: { summary: 'checkout is burning <fast> & hard', description: 'Error ratio 2.5% over 1h', runbook_url: 'https://runbooks.example.com/checkout' } });
    await target.send([{ transition: t, status: 'firing', startsAt: t.at }]);
    expect(server.requests[0]!.path).toBe('/services/T0/B0/x');
    expect(server.requests[0]!.json).toEqual({
      text: ':red_circle: [FIRING] CheckoutAvailabilityBurn (page): burn rate 25.33×',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':red_circle: *[FIRING] CheckoutAvailabilityBurn*\ncheckout is burning &lt;fast&gt; &amp; hard' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\npage' },
            { type: 'mrkdwn', text: '*SLO*\navailability' },
            { type: 'mrkdwn', text: '*Service*\ncheckout' },
            { type: 'mrkdwn', text: '*Burn rate*\n25.33×' },
            { type: 'mrkdwn', text: '*Since*\n<!date^1800000000^{date_short_pretty} {time}|2027-01-15T08:00:00.000Z>' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: 'Error ratio 2.5% over 1h' } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '<https://octolens.example.com/slos/checkout-availability|Open in Octolens>' },
            { type: 'mrkdwn', text: '<https://runbooks.example.com/checkout|Runbook>' },
          ],
        },
      ],
    });
  });

  it('posts a resolved rule alert with its value and resolve time, without links when there are none', async () => {
    const target = createSlackTarget({ url: server.url, retry: fastRetry() });
    const t = sloTransition({ kind: 'rule', id: 'rule:q', name: 'QueueDeep', severity: 'ticket', sloId: undefined, from: 'firing', to: 'resolved', at: 1_800_000_600, labels: {}, annotations: {}, value: 1234.5678 });
    await target.send([{ transition: t, status: 'resolved', startsAt: 1_800_000_000, endsAt: 1_800_000_600 }]);
    expect(server.requests[0]!.json).toEqual({
      text: ':white_check_mark: [RESOLVED] QueueDeep (ticket): value 1235',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *[RESOLVED] QueueDeep*\nQueueDeep: value 1235' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nticket' },
            { type: 'mrkdwn', text: '*Value*\n1235' },
            { type: 'mrkdwn', text: '*Resolved*\n<!date^1800000600^{date_short_pretty} {time}|2027-01-15T08:10:00.000Z>' },
          ],
        },
      ],
    });
  });

  it('shows a budget-exhausted alert with the budget left in %, not as a burn rate', async () => {
    const target = createSlackTarget({ url: server.url, retry: fastRetry() });
    const t = sloTransition({ id: 'checkout-availability:budget-exhausted', annotations: {}, value: -0.679 });
    await target.send([{ transition: t, status: 'firing', startsAt: t.at }]);
    const body = server.requests[0]!.json as { text: string; blocks: Array<{ fields?: Array<{ text: string }> }> };
    expect(body.text).toBe(':red_circle: [FIRING] CheckoutAvailabilityBurn (page): budget left -67.9%');
    expect(body.blocks[1]!.fields!.map((f) => f.text)).toContain('*Budget left*\n-67.9%');
  });

  it.each([
    ['ticket', ':large_orange_circle:'],
    ['info', ':large_blue_circle:'],
  ])('marks a firing %s alert with %s', async (severity, emoji) => {
    const target = createSlackTarget({ url: server.url, retry: fastRetry() });
    const t = sloTransition({ severity });
    await target.send([{ transition: t, status: 'firing', startsAt: t.at }]);
    expect((server.requests[0]!.json as { text: string }).text.startsWith(`${emoji} [FIRING]`)).toBe(true);
  });

  it('escapes markup so alert text cannot mention @channel', () => {
    expect(escapeSlack('<!channel> a&b')).toBe('&lt;!channel&gt; a&amp;b');
  });
});
