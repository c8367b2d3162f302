import { describe, expect, it } from 'vitest';
import { anyOfMatcher, metricLabelName, promCounterName, promLabelName, promMetricName } from './names.js';

describe('OTel → Prometheus names', () => {
  it.each([
    ['http.server.requests', 'http_server_requests_total'],
    ['http_requests_total', 'http_requests_total'],
    ['app.orders-placed', 'app_orders_placed_total'],
    ['3d.renders', '_3d_renders_total'],
  ])('counter %s is %s', (name, prom) => {
    expect(promCounterName(name)).toBe(prom);
  });

  it('keeps non-counter names without _total', () => {
    expect(promMetricName('http.server.request.duration')).toBe('http_server_request_duration');
  });

  it('cleans label names and maps service.name to job for metrics', () => {
    expect(promLabelName('http.response.status_code')).toBe('http_response_status_code');
    expect(promLabelName('net:peer')).toBe('net_peer');
    expect(metricLabelName('service.name')).toBe('job');
    expect(metricLabelName('http.route')).toBe('http_route');
  });

  it('escapes literals in an any-of regex', () => {
    expect(anyOfMatcher('span_name', ['GET /a.b', 'POST /c'])).toBe('span_name=~"GET /a\\\\.b|POST /c"');
    expect(anyOfMatcher('span_name', ['GET /a.b'])).toBe('span_name="GET /a.b"');
  });
});
