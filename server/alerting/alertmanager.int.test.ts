import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.js';
import { alertmanagerSkipReason, startAlertmanager, type RunningAlertmanager } from '../../test/support/alertmanager.js';
import { alertsEndpoint, createAlertmanagerTarget } from './alertmanager.js';
import { createNotifier } from './fanout.js';
import { alertAnnotations, alertLabels, fingerprint } from './labels.js';
import { openMetaDb } from '../meta/index.js';
import { PostError, postJson } from './post.js';
import { activeSilences, createSilence, expireSilence } from './silences.js';
import { fastRetry, memoryLogger, sloTransition, startCaptureServer, type CaptureServer } from './testing.js';

const skip = alertmanagerSkipReason();

interface AmWebhook {
  version: string;
  status: string;
  alerts: Array<{ status: string; labels: Record<string, string>; startsAt: string; endsAt: string; fingerprint: string; generatorURL: string }>;
}

describe.skipIf(skip)(`Alertmanager v2 client against a real Alertmanager${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let receiver: CaptureServer;
  let am: RunningAlertmanager;
  beforeAll(async () => {
    receiver = await startCaptureServer();
    am = await startAlertmanager({ webhookUrl: `${receiver.url}/hook` });
  });
  afterAll(async () => {
    await am?.stop();
    await receiver?.close();
  });

  const publicUrl = 'https://octolens.example.com';
  const interval = 60_000;
  const nowS = Math.floor(Date.now() / 1000);
  const firing = sloTransition({ at: nowS - 120, labels: { service: 'checkout', slo: 'availability', 'http.route': '/cart' } });
  const labels = alertLabels(firing);
  const hooks = () => receiver.requests.map((r) => r.json as AmWebhook);

  it('a firing alert shows in GET /api/v2/alerts with its labels, start, end ahead and link, and reaches the receiver', async () => {
    let clock = Date.now();
    const target = createAlertmanagerTarget({ url: am.url, resendIntervalMs: interval, publicUrl, retry: fastRetry(), now: () => clock });
    await target.send([{ transition: firing, status: 'firing', startsAt: firing.at }]);

    const [alert, ...others] = await am.alerts();
    expect(others).toEqual([]);
    expect(alert!.labels).toEqual(labels);
    expect(alert!.labels).toMatchObject({ alertname: 'CheckoutAvailabilityBurn', severity: 'page', http_route: '/cart', sloth_id: 'checkout-availability', sloth_service: 'checkout', sloth_slo: 'availability', sloth_severity: 'page' });
    expect(alert!.annotations).toEqual(alertAnnotations(firing));
    expect(alert!.startsAt).toBe(new Date(firing.at * 1000).toISOString());
    expect(alert!.endsAt).toBe(new Date(clock + 4 * interval).toISOString());
    expect(alert!.generatorURL).toBe(`${publicUrl}/slos/checkout-availability`);
    expect(alert!.status.state).toBe('active');
    // our fingerprint is Alertmanager's, so webhook receivers can match alerts across both
    expect(alert!.fingerprint).toBe(fingerprint(labels));

    // a re-send (the next evaluation) keeps one alert and its start, and moves its end on
    clock += interval;
    await target.send([{ transition: { ...firing, from: 'firing' }, status: 'firing', startsAt: firing.at }]);
    const again = await am.alerts();
    expect(again).toHaveLength(1);
    expect(again[0]!.startsAt).toBe(new Date(firing.at * 1000).toISOString());
    expect(again[0]!.endsAt).toBe(new Date(clock + 4 * interval).toISOString());

    const [hook] = await receiver.waitFor(1, 15_000);
    const body = hook!.json as AmWebhook;
    expect(hook!.path).toBe('/hook');
    expect(body.status).toBe('firing');
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({ status: 'firing', labels, fingerprint: fingerprint(labels), generatorURL: `${publicUrl}/slos/checkout-availability` });
  });

  it('a resolved alert (endsAt in the past) leaves GET /api/v2/alerts and the receiver gets it resolved', async () => {
    const target = createAlertmanagerTarget({ url: am.url, resendIntervalMs: interval, publicUrl, retry: fastRetry() });
    const resolvedAt = Math.floor(Date.now() / 1000) - 1;
    await target.send([{ transition: { ...firing, from: 'firing', to: 'resolved', at: resolvedAt }, status: 'resolved', startsAt: firing.at, endsAt: resolvedAt }]);
    expect(await am.alerts()).toEqual([]);

    const seen = await eventually(async () => hooks(), (h) => h.some((x) => x.status === 'resolved'));
    const resolved = seen.find((h) => h.status === 'resolved');
    expect(resolved?.alerts[0]).toMatchObject({ status: 'resolved', labels });
    // the webhook writes times in Go's format (no milliseconds when there are none)
    expect(Date.parse(resolved!.alerts[0]!.startsAt)).toBe(firing.at * 1000);
    expect(Date.parse(resolved!.alerts[0]!.endsAt)).toBe(resolvedAt * 1000);
  });

  it('repeats firing alerts to Alertmanager through the notifier, to every configured URL', async () => {
    const log = memoryLogger();
    const second = await startCaptureServer();
    try {
      const notifier = createNotifier({ alertmanagerUrls: [am.url, second.url] }, log, { publicUrl, resendIntervalMs: interval, retry: fastRetry() });
      const t = sloTransition({ id: 'checkout-latency:page-slow', name: 'CheckoutLatencyBurn', sloId: 'checkout-latency', at: nowS - 60 });
      await notifier.notify([t]);
      await notifier.notify([{ ...t, from: 'firing' }]);
      expect(second.requests.map((r) => r.path)).toEqual(['/api/v2/alerts', '/api/v2/alerts']);
      const alerts = await am.alerts();
      expect(alerts.map((a) => a.labels.octolens_alert)).toEqual(['checkout-latency:page-slow']);
      expect(log.lines).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('a silence in the metadata store keeps an alert out of Alertmanager and its receiver until it is expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'octolens-am-silence-'));
    const meta = await openMetaDb({ dataDir: dir });
    const hook = await startCaptureServer();
    try {
      const t = sloTransition({ id: 'search-uptime:page-fast', name: 'SearchUptime', sloId: 'search-uptime', labels: { service: 'search', slo: 'uptime' }, at: nowS - 60 });
      const silence = await createSilence({ db: meta, nowMs: Date.now(), input: { matchers: [{ label: 'octolens_alert', op: '=', value: t.id }], startsAt: new Date(Date.now() - 1000), endsAt: new Date(Date.now() + 3_600_000), comment: 'reindexing', createdBy: 'ana' } });
      const log = memoryLogger();
      const notifier = createNotifier({ alertmanagerUrls: [am.url], webhookUrl: hook.url }, log, { publicUrl, resendIntervalMs: interval, retry: fastRetry(), silences: (ms) => activeSilences(meta, ms) });
      const ours = async () => (await am.alerts()).filter((a) => a.labels.octolens_alert === t.id);

      await notifier.notify([t]);
      await notifier.notify([{ ...t, from: 'firing' }]);
      expect(await ours()).toEqual([]);
      expect(hook.requests).toEqual([]);

      await expireSilence({ db: meta, id: silence.id, nowMs: Date.now() });
      await notifier.notify([{ ...t, from: 'firing' }]);
      const [alert] = await ours();
      expect(alert?.startsAt).toBe(new Date(t.at * 1000).toISOString());
      expect(alert?.status.state).toBe('active');
      expect((hook.requests[0]?.json as { status: string; alerts: Array<{ labels: Record<string, string> }> }).alerts[0]!.labels.octolens_alert).toBe(t.id);
      // and Alertmanager's own receiver gets it, once the silence is gone
      const seen = await eventually(async () => hooks(), (h) => h.some((x) => x.status === 'firing' && x.alerts.some((a) => a.labels.octolens_alert === t.id)));
      expect(seen.filter((x) => x.alerts.some((a) => a.labels.octolens_alert === t.id)).map((x) => x.status)).toEqual(['firing']);
      expect(log.lines).toEqual([]);
    } finally {
      await hook.close();
      await meta.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refused alert is a 4xx whose error carries what Alertmanager said, without retries', async () => {
    const err = await postJson(alertsEndpoint(am.url), [{ labels: { 'bad.name': 'x' } }], fastRetry()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostError);
    expect((err as PostError).status).toBe(400);
    expect((err as PostError).message).toContain('invalid label set');
    expect((err as PostError).retryable).toBe(false);
  });
});
