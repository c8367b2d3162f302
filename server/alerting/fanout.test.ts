import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/hub.js';
import { createFanout, createNotifier } from './fanout.js';
import type { Silence } from './silences.js';
import type { NotifyTarget } from './target.js';
import { fastRetry, memoryLogger, sloTransition, startCaptureServer, type CaptureReply, type CaptureServer } from './testing.js';
import type { AlertTransition } from './types.js';
import type { WebhookBody } from './webhook.js';

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function capture(reply?: (i: number) => CaptureReply): Promise<CaptureServer> {
  const s = await startCaptureServer(reply && ((_, i) => reply(i)));
  servers.push(s);
  return s;
}

const opts = { publicUrl: 'https://octolens.example.com', resendIntervalMs: 60_000, retry: fastRetry(2) };
const t0 = sloTransition({ from: 'pending', to: 'firing', at: 1_800_000_000 });
const again: AlertTransition = { ...t0, from: 'firing' };
const resolved: AlertTransition = { ...t0, from: 'firing', to: 'resolved', at: 1_800_000_300 };

describe('createNotifier fanout', () => {
  it('re-sends firing alerts to Alertmanager but posts Slack and the webhook only when an alert fires or resolves', async () => {
    const [am, slack, hook] = [await capture(), await capture(), await capture()];
    const log = memoryLogger();
    const notifier = createNotifier({ alertmanagerUrls: [am.url], slackWebhookUrl: slack.url, webhookUrl: hook.url }, log, opts);
    expect(notifier.targets).toEqual([`alertmanager ${am.url}`, 'webhook', 'slack']);
    for (const batch of [[t0], [again], [again], [resolved]]) await notifier.notify(batch);

    expect(am.requests.map((r) => (r.json as Array<{ endsAt: string }>).length)).toEqual([1, 1, 1, 1]);
    expect(am.requests.map((r) => r.path)).toEqual(Array(4).fill('/api/v2/alerts'));
    expect(slack.requests.map((r) => (r.json as { text: string }).text.split(' ')[1])).toEqual(['[FIRING]', '[RESOLVED]']);
    const bodies = hook.requests.map((r) => r.json as WebhookBody);
    expect(bodies.map((b) => b.status)).toEqual(['firing', 'resolved']);
    // the resolved body starts when the alert started firing
    expect(bodies[1]!.alerts[0]!.startsAt).toBe('2027-01-15T08:00:00.000Z');
    expect(bodies[1]!.alerts[0]!.endsAt).toBe('2027-01-15T08:05:00.000Z');
    expect(log.lines).toEqual([]);
  });

  it('sends nothing for pending or inactive alerts, nor a resolved one that never fired to chat targets', async () => {
    const [am, slack] = [await capture(), await capture()];
    const notifier = createNotifier({ alertmanagerUrls: [am.url], slackWebhookUrl: slack.url }, memoryLogger(), opts);
    await notifier.notify([
      { ...t0, from: 'inactive', to: 'pending' },
      { ...t0, from: 'pending', to: 'inactive' },
      { ...t0, from: 'resolved', to: 'inactive' },
    ]);
    await notifier.notify([{ ...t0, id: 'other', from: 'pending', to: 'resolved' }]);
    expect(am.requests).toHaveLength(1); // the resolve is harmless to Alertmanager, which never notified it
    expect(slack.requests).toHaveLength(0);
  });

  it('treats an alert first seen already firing (a restarted hub) as delivered to chat targets', async () => {
    const [am, slack] = [await capture(), await capture()];
    const notifier = createNotifier({ alertmanagerUrls: [am.url], slackWebhookUrl: slack.url }, memoryLogger(), opts);
    await notifier.notify([again]);
    await notifier.notify([resolved]);
    expect(am.requests).toHaveLength(2);
    expect(slack.requests.map((r) => (r.json as { text: string }).text.split(' ')[1])).toEqual(['[RESOLVED]']);
  });

  it('keeps going when targets fail: each failure is logged and the others still get every alert', async () => {
    const amDown = await capture(() => ({ status: 503, body: 'overloaded' }));
    const slack = await capture();
    const hookRefuses = await capture(() => ({ status: 404, body: 'no such hook' }));
    const closed = await freePort();
    const log = memoryLogger();
    const notifier = createNotifier(
      { alertmanagerUrls: [`http://127.0.0.1:${closed}`, amDown.url], slackWebhookUrl: slack.url, webhookUrl: hookRefuses.url },
      log,
      opts,
    );
    await expect(notifier.notify([t0, { ...t0, id: 'b' }])).resolves.toBeUndefined();
    expect(slack.requests).toHaveLength(2);
    expect(amDown.requests).toHaveLength(2); // retried once
    expect(hookRefuses.requests).toHaveLength(2); // one per alert, not retried
    // targets fail at their own pace, so the lines come in any order
    expect(log.lines).toHaveLength(4);
    expect(log.lines).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^error alert notification failed target=alertmanager http://127.0.0.1:${closed} alerts=2 error=POST .* failed: .*ECONNREFUSED`)),
      `error alert notification failed target=alertmanager ${amDown.url} alerts=2 error=POST ${amDown.url}/api/… → 503: overloaded (gave up after 2 attempts)`,
      `error alert notification failed target=webhook alert=checkout-availability:page-fast status=firing error=POST ${hookRefuses.url} → 404: no such hook`,
      `error alert notification failed target=webhook alert=b status=firing error=POST ${hookRefuses.url} → 404: no such hook`,
    ]));
  });

  it('posts a firing alert again at the next evaluation when the chat post failed, then not again', async () => {
    const slack = await capture((i) => (i === 0 ? { status: 400, body: 'invalid_payload' } : { status: 200 }));
    const log = memoryLogger();
    const notifier = createNotifier({ alertmanagerUrls: [], slackWebhookUrl: slack.url }, log, opts);
    await notifier.notify([t0]);
    await notifier.notify([again]);
    await notifier.notify([again]);
    expect(slack.requests).toHaveLength(2);
    expect(log.lines).toHaveLength(1);
  });

  it('does not let a slow target hold up the others', async () => {
    let release!: () => void;
    const slow: NotifyTarget = { name: 'slow', repeats: true, send: () => new Promise<void>((r) => (release = r)) };
    const fast = await capture();
    const both = createFanout([slow, { name: 'fast', repeats: true, send: async (ns) => void (await fetch(fast.url, { method: 'POST', body: String(ns.length) })) }], memoryLogger());
    const done = both.notify([t0]);
    await fast.waitFor(1);
    let settled = false;
    void done.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release();
    await done;
    await both.drain();
  });
});

describe('silences in the fanout', () => {
  const silence: Silence = { id: 's1', matchers: [{ label: 'octolens_alert', op: '=', value: t0.id }], startsAtMs: 0, endsAtMs: Number.MAX_SAFE_INTEGER };
  /** a silence source whose silences the test switches */
  function switchable() {
    let active: Silence[] = [];
    return { set: (s: Silence[]) => (active = s), source: async () => active };
  }
  const statuses = (hook: CaptureServer) => hook.requests.map((r) => (r.json as WebhookBody).status);
  const amCount = (am: CaptureServer) => am.requests.map((r) => (r.json as unknown[]).length);

  it('an alert that fires and resolves under a silence reaches no target', async () => {
    const [am, hook] = [await capture(), await capture()];
    const silences = switchable();
    silences.set([silence]);
    const notifier = createNotifier({ alertmanagerUrls: [am.url], webhookUrl: hook.url }, memoryLogger(), { ...opts, silences: silences.source });
    for (const batch of [[t0], [again], [resolved]]) await notifier.notify(batch);
    expect(am.requests).toEqual([]);
    expect(hook.requests).toEqual([]);
  });

  it('only the silenced alert is held back; another in the same batch goes out', async () => {
    const [am, hook] = [await capture(), await capture()];
    const notifier = createNotifier({ alertmanagerUrls: [am.url], webhookUrl: hook.url }, memoryLogger(), { ...opts, silences: async () => [silence] });
    await notifier.notify([t0, { ...t0, id: 'checkout-availability:page-slow' }]);
    expect(am.requests.map((r) => (r.json as Array<{ labels: Record<string, string> }>).map((a) => a.labels.octolens_alert))).toEqual([['checkout-availability:page-slow']]);
    expect(hook.requests.map((r) => (r.json as WebhookBody).alerts[0]!.labels.octolens_alert)).toEqual(['checkout-availability:page-slow']);
  });

  it('an alert still firing when its silence ends is announced then, and resolves normally', async () => {
    const [am, hook] = [await capture(), await capture()];
    const silences = switchable();
    silences.set([silence]);
    const notifier = createNotifier({ alertmanagerUrls: [am.url], webhookUrl: hook.url }, memoryLogger(), { ...opts, silences: silences.source });
    await notifier.notify([t0]);
    await notifier.notify([again]);
    silences.set([]);
    await notifier.notify([again]);
    await notifier.notify([again]);
    await notifier.notify([resolved]);
    expect(amCount(am)).toEqual([1, 1, 1]);
    expect(statuses(hook)).toEqual(['firing', 'resolved']);
    // the announcement keeps the time it started firing
    expect((hook.requests[0]!.json as WebhookBody).alerts[0]!.startsAt).toBe('2027-01-15T08:00:00.000Z');
  });

  it('an alert announced before its silence is not repeated under it, and its resolution still goes out', async () => {
    const [am, hook] = [await capture(), await capture()];
    const silences = switchable();
    const notifier = createNotifier({ alertmanagerUrls: [am.url], webhookUrl: hook.url }, memoryLogger(), { ...opts, silences: silences.source });
    await notifier.notify([t0]);
    silences.set([silence]);
    await notifier.notify([again]);
    await notifier.notify([resolved]);
    // Alertmanager: the firing alert, no repeat, then the resolution, so it does not wait for endsAt
    expect(am.requests.map((r) => (r.json as Array<{ endsAt: string }>).map((a) => a.endsAt))).toEqual([[expect.any(String)], ['2027-01-15T08:05:00.000Z']]);
    expect(statuses(hook)).toEqual(['firing', 'resolved']);
  });

  it('keeps batches in order at a target when reading the silences is slow', async () => {
    const hook = await capture();
    let reads = 0;
    // the first read takes longer than the second
    const slowFirst = () => new Promise<Silence[]>((r) => setTimeout(() => r([]), ++reads === 1 ? 100 : 0));
    const notifier = createNotifier({ alertmanagerUrls: [], webhookUrl: hook.url }, memoryLogger(), { ...opts, silences: slowFirst });
    await Promise.all([notifier.notify([t0]), notifier.notify([resolved])]);
    expect(statuses(hook)).toEqual(['firing', 'resolved']);
  });

  it('notifies as if nothing were silenced when the silences cannot be read, and says so', async () => {
    const hook = await capture();
    const log = memoryLogger();
    const notifier = createNotifier({ alertmanagerUrls: [], webhookUrl: hook.url }, log, { ...opts, silences: () => Promise.reject(new Error('connection refused')) });
    await notifier.notify([t0]);
    expect(statuses(hook)).toEqual(['firing']);
    expect(log.lines).toEqual(['warn silences not read; notifying as if none were active error=connection refused']);
  });
});
