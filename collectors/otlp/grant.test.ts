import { describe, expect, it } from 'vitest';
import { GrantCheck } from '../grant.js';
import { grantedResources } from './grant.js';
import type { NumberDataPoint, ResourceLogs, ResourceMetrics } from './model.js';
import { attrs, logRecord, logs, metrics, span, traces } from './testing.js';

const onlyCheckout = () => new GrantCheck({ services: new Set(['checkout']) });

describe('grantedResources', () => {
  it('keeps the resources of granted services as they are and empties the others in place, counting their spans', () => {
    const request = traces([span(), span()]);
    const payments = traces([span(), span()], attrs({ 'service.name': 'payments' })).resourceSpans[0]!;
    payments.scopeSpans.push({ ...payments.scopeSpans[0]!, spans: [span()] });
    const unnamed = traces([span()], attrs({ host: 'a' })).resourceSpans[0]!;
    request.resourceSpans.push(payments, unnamed);
    request.repairs = ['resourceSpans[0]…: repaired'];
    const check = onlyCheckout();
    const granted = grantedResources('traces', request, check);
    expect(granted.resourceSpans[0]).toBe(request.resourceSpans[0]);
    expect(granted.resourceSpans.slice(1)).toEqual([
      { resource: { attributes: [] }, schemaUrl: '', scopeSpans: [] },
      { resource: { attributes: [] }, schemaUrl: '', scopeSpans: [] },
    ]);
    expect(granted.repairs).toEqual(request.repairs);
    expect([check.refused, check.message()]).toEqual([4, 'the token may send only service "checkout", not "payments" (3), "" (1)']);
  });

  it('reads service.name as it is stored: the last of repeated keys, a value of another type as text', () => {
    const request = logs([logRecord(), logRecord()]);
    const resource = (attributes: ResourceLogs['resource']['attributes']): ResourceLogs => ({ ...request.resourceLogs[0]!, resource: { attributes } });
    request.resourceLogs = [resource([...attrs({ 'service.name': 'payments' }), ...attrs({ 'service.name': 'checkout' })]), resource([...attrs({ 'service.name': 'checkout' }), ...attrs({ 'service.name': 'payments' })]), resource(attrs({ 'service.name': 42n }))];
    const check = onlyCheckout();
    const granted = grantedResources('logs', request, check);
    expect(granted.resourceLogs.map((r) => r.scopeLogs.length)).toEqual([1, 0, 0]);
    expect(check.message()).toBe('the token may send only service "checkout", not "payments" (2), "42" (2)');
  });

  it('counts the data points of a refused metrics resource, over every metric and scope', () => {
    const point: NumberDataPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 1n, value: 1, exemplars: [], flags: 0 };
    const request = metrics([
      { name: 'a', description: '', unit: '', data: { type: 'gauge', dataPoints: [point, point] } },
      { name: 'b', description: '', unit: '', data: null },
      { name: 'c', description: '', unit: '', data: { type: 'sum', aggregationTemporality: 2, isMonotonic: true, dataPoints: [point] } },
    ]);
    const cart: ResourceMetrics = request.resourceMetrics[0]!;
    request.resourceMetrics = [cart, { ...cart, resource: { attributes: attrs({ 'service.name': 'checkout' }) } }];
    const check = onlyCheckout();
    const granted = grantedResources('metrics', request, check);
    expect(granted.resourceMetrics.map((r) => r.scopeMetrics.length)).toEqual([0, 1]);
    expect(check.message()).toBe('the token may send only service "checkout", not "cart" (3)');
  });
});
