import { describe, expect, it } from 'vitest';
import { deployMarkersSql, incidentMarkersSql } from './markers.js';

const range = { fromMs: 1796032800000, toMs: 1796036400000, limit: 501 };

describe('marker queries', () => {
  it('deploys: production by default, one row per deployment at its finish', () => {
    expect(deployMarkersSql(range)).toMatchSnapshot();
  });
  it('deploys of one service in a named environment', () => {
    expect(deployMarkersSql({ ...range, services: ['checkout'], environment: 'staging' })).toMatchSnapshot();
  });
  it('deploys of several services (an incident and the services it calls)', () => {
    expect(deployMarkersSql({ ...range, services: ['checkout', 'tax'] })).toMatchSnapshot();
  });
  it('incidents: at their opening', () => {
    expect(incidentMarkersSql({ ...range, services: ['checkout'] })).toMatchSnapshot();
  });
});
