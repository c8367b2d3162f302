import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/config.js';
import { githubConfigSchema } from './config.js';

describe('GitHub collector settings', () => {
  it('defaults: no secret, the incident label, GitHub’s 25 MB cap, the shared production list', () => {
    expect(githubConfigSchema.parse({})).toEqual({
      incidentLabels: ['incident'],
      maxBodyBytes: 26214400,
      repoServices: {},
      productionEnvironments: ['production', 'prod', 'live'],
    });
  });

  it('takes its env vars, and the shared repository and environment settings, through loadConfig', () => {
    const config = loadConfig({
      file: '/nonexistent/octolens.yaml',
      env: {
        OCTOLENS_GITHUB_WEBHOOK_SECRET: 's3cret',
        OCTOLENS_INCIDENT_LABELS: 'incident, Outage',
        OCTOLENS_GITHUB_MAX_BODY_BYTES: '1048576',
        OCTOLENS_REPO_SERVICES: 'acme/checkout-api=checkout',
        OCTOLENS_PRODUCTION_ENVIRONMENTS: 'prod-eu,prod-us',
      },
    });
    expect(config.collectors.github).toEqual({
      webhookSecret: 's3cret',
      incidentLabels: ['incident', 'Outage'],
      maxBodyBytes: 1048576,
      repoServices: { 'acme/checkout-api': 'checkout' },
      productionEnvironments: ['prod-eu', 'prod-us'],
    });
  });

  it('refuses an empty secret in octolens.yaml rather than silently taking unsigned deliveries', () => {
    expect(githubConfigSchema.safeParse({ webhookSecret: '' }).success).toBe(false);
  });
});
