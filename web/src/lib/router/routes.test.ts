import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'services' }],
    ['/services', { name: 'services' }],
    ['/services/', { name: 'services' }],
    ['/services/checkout', { name: 'service', serviceName: 'checkout' }],
    ['/services/tax%20service', { name: 'service', serviceName: 'tax service' }],
    ['/services/a%2Fb', { name: 'service', serviceName: 'a/b' }],
    ['/traces', { name: 'traces' }],
    ['/traces/4bf92f3577b34da6a3ce929d0e0e4736', { name: 'trace', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }],
    ['/logs', { name: 'logs' }],
    ['/logs/', { name: 'logs' }],
    ['/logs/x', { name: 'not-found' }],
    ['/map', { name: 'map' }],
    ['/map/x', { name: 'not-found' }],
    ['/services/a/b', { name: 'not-found' }],
    ['/services/%E0%A4%A', { name: 'not-found' }],
    ['/slos', { name: 'slos' }],
    ['/slos/', { name: 'slos' }],
    ['/slos/checkout-availability', { name: 'slo', sloId: 'checkout-availability' }],
    ['/slos/checkout-latency%2Fmethod%3DGET%2Croute%3D%2Fcart', { name: 'slo', sloId: 'checkout-latency/method=GET,route=/cart' }],
    ['/slos/checkout-latency/route=/cart', { name: 'slo', sloId: 'checkout-latency/route=/cart' }],
    ['/slos/%E0%A4%A', { name: 'not-found' }],
    ['/alerts', { name: 'alerts' }],
    ['/portfolio', { name: 'portfolio' }],
    ['/catalog', { name: 'catalog' }],
    ['/adoption', { name: 'adoption' }],
    ['/privacy', { name: 'privacy' }],
    ['/privacy/x', { name: 'not-found' }],
    ['/cloud', { name: 'cloud' }],
    ['/business', { name: 'business' }],
    ['/login', { name: 'login' }],
    ['/login/', { name: 'login' }],
    ['/login/x', { name: 'not-found' }],
    ['/hosts', { name: 'hosts' }],
    ['/hosts/node-1.eu-west', { name: 'host', hostName: 'node-1.eu-west' }],
    ['/hosts/node-1/x', { name: 'not-found' }],
    ['/alerts/x', { name: 'not-found' }],
    ['/incidents', { name: 'incidents' }],
    ['/incidents/pd%3AQ1', { name: 'incident', incidentId: 'pd:Q1' }],
    ['/incidents/inc-88/', { name: 'incident', incidentId: 'inc-88' }],
  ])('%s → %o', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});
