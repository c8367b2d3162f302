import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config.js';

const noFile = '/nonexistent/octolens.yaml';

describe('GitLab settings', () => {
  it('has safe defaults: no token, the incident label, the shared production list', () => {
    expect(loadConfig({ env: {}, file: noFile }).collectors.gitlab).toEqual({
      incidentLabels: ['incident'],
      maxBodyBytes: 8 * 1024 * 1024,
      repoServices: {},
      productionEnvironments: ['production', 'prod', 'live'],
    });
  });

  it('reads its own env vars and the shared ones (OCTOLENS_REPO_SERVICES, OCTOLENS_PRODUCTION_ENVIRONMENTS, OCTOLENS_INCIDENT_LABELS)', () => {
    const config = loadConfig({
      env: {
        OCTOLENS_GITLAB_WEBHOOK_TOKEN: 'octolens-hook-secret-7Qm2',
        OCTOLENS_GITLAB_MAX_BODY_BYTES: '1048576',
        OCTOLENS_REPO_SERVICES: 'acme/payments/checkout-api=checkout, acme/tax=tax-service',
        OCTOLENS_PRODUCTION_ENVIRONMENTS: 'prd,eu-live',
        OCTOLENS_INCIDENT_LABELS: 'incident, sev1',
      },
      file: noFile,
    });
    expect(config.collectors.gitlab).toEqual({
      webhookToken: 'octolens-hook-secret-7Qm2',
      incidentLabels: ['incident', 'sev1'],
      maxBodyBytes: 1048576,
      repoServices: { 'acme/payments/checkout-api': 'checkout', 'acme/tax': 'tax-service' },
      productionEnvironments: ['prd', 'eu-live'],
    });
  });

  it('names the env var when a value is wrong', () => {
    expect(() => loadConfig({ env: { OCTOLENS_GITLAB_MAX_BODY_BYTES: 'lots' }, file: noFile })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { OCTOLENS_GITLAB_MAX_BODY_BYTES: 'lots' }, file: noFile })).toThrow(/OCTOLENS_GITLAB_MAX_BODY_BYTES \(collectors\.gitlab\.maxBodyBytes\)/);
  });
});
