import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { alertingWarnings } from './config.js';

const noFile = '/nonexistent/octolens.yaml';

describe('alerting configuration', () => {
  it('sends nowhere by default', () => {
    const config = loadConfig({ env: {}, file: noFile });
    expect(config.alerting).toEqual({ alertmanagerUrls: [] });
    expect(config.publicUrl).toBeUndefined();
  });

  it('reads every target from env, Alertmanager URLs comma-separated, the public URL without a trailing slash', () => {
    const config = loadConfig({
      env: {
        OCTOLENS_ALERTMANAGER_URL: 'http://am-0:9093, http://am-1:9093/',
        OCTOLENS_ALERT_WEBHOOK_URL: 'https://hooks.example.com/octolens',
        OCTOLENS_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
        OCTOLENS_PUBLIC_URL: 'https://octolens.example.com/',
      },
      file: noFile,
    });
    expect(config.alerting).toEqual({
      alertmanagerUrls: ['http://am-0:9093', 'http://am-1:9093/'],
      webhookUrl: 'https://hooks.example.com/octolens',
      slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/x',
    });
    expect(config.publicUrl).toBe('https://octolens.example.com');
  });

  it('takes a YAML list, and env wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'octolens-config-'));
    try {
      const file = join(dir, 'octolens.yaml');
      writeFileSync(file, 'alerting:\n  alertmanagerUrls: [http://a:9093, http://b:9093]\n  slackWebhookUrl: https://hooks.slack.com/services/x\n');
      expect(loadConfig({ env: {}, file }).alerting).toEqual({ alertmanagerUrls: ['http://a:9093', 'http://b:9093'], slackWebhookUrl: 'https://hooks.slack.com/services/x' });
      expect(loadConfig({ env: { OCTOLENS_ALERTMANAGER_URL: 'http://c:9093' }, file }).alerting.alertmanagerUrls).toEqual(['http://c:9093']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the variable and the bad value', () => {
    expect(() => loadConfig({ env: { OCTOLENS_ALERTMANAGER_URL: 'http://am:9093,am-1:9093' }, file: noFile })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { OCTOLENS_SLACK_WEBHOOK_URL: 'hooks.slack.com/x' }, file: noFile })).toThrow(
      'OCTOLENS_SLACK_WEBHOOK_URL (alerting.slackWebhookUrl): expected an http(s) URL, got "hooks.slack.com/x"',
    );
    expect(() => loadConfig({ env: { OCTOLENS_PUBLIC_URL: 'ftp://x' }, file: noFile })).toThrow('OCTOLENS_PUBLIC_URL (publicUrl): expected an http(s) URL, got "ftp://x"');
  });

  it('warns when notifications would carry no link, or an Alertmanager is listed twice', () => {
    expect(alertingWarnings({ alertmanagerUrls: [] }, undefined)).toEqual([]);
    expect(alertingWarnings({ alertmanagerUrls: ['http://a', 'http://a'] }, 'https://hub').map((w) => w.message)).toEqual(['Alertmanager http://a is listed twice']);
    expect(alertingWarnings({ alertmanagerUrls: [], slackWebhookUrl: 'https://s' }, undefined).map((w) => w.message)).toEqual([
      'OCTOLENS_PUBLIC_URL is not set: notifications carry no link back to the hub',
    ]);
  });
});
