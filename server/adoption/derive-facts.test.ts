import { describe, expect, it } from 'vitest';
import { catalogRunbook, sloRunbook } from './derive-facts.js';

describe('runbook links', () => {
  it.each([
    ['an annotation', { metadata: { annotations: { 'octolens.io/runbook-url': ' https://rb/a ' }, links: [{ url: 'https://rb/link', type: 'runbook' }] } }, 'https://rb/a'],
    ['a link of type runbook', { metadata: { links: [{ url: 'https://grafana/x', title: 'Dashboard' }, { url: 'https://rb/b', type: 'Runbook' }] } }, 'https://rb/b'],
    ['a link titled runbook', { metadata: { links: [{ url: 'https://rb/c', title: 'On-call Runbook' }] } }, 'https://rb/c'],
    ['no runbook among the links', { metadata: { links: [{ url: 'https://grafana/x', title: 'Dashboard', type: 'dashboard' }] } }, null],
    ['an entity without metadata links', {}, null],
  ])('from the catalog: %s', (_what, entity, expected) => {
    expect(catalogRunbook(entity)).toBe(expected);
  });

  it.each([
    ['runbook_url on the SLO', { alerting: { annotations: { runbook_url: 'https://rb/slo' } } }, 'https://rb/slo'],
    ['runbook on the SLO', { alerting: { annotations: { runbook: 'https://rb/slo2' } } }, 'https://rb/slo2'],
    ['runbook on a tier only', { alerting: { annotations: {}, tiers: [{}, { annotations: { runbook: 'https://rb/tier' } }] } }, 'https://rb/tier'],
    ['none', { alerting: { annotations: { summary: 'x' } } }, null],
  ])('from an SLO: %s', (_what, definition, expected) => {
    expect(sloRunbook(definition)).toBe(expected);
  });
});
