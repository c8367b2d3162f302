/**
 * An export held to its sender's grant (collectors/grant.ts): a resource whose service.name
 * the grant does not name keeps none of its items, the request's other resources go on.
 * Checked on the decoded request, before normalising, so the normalisers stay unaware of
 * who sent it and a refused resource costs only the count of its items.
 */
import type { GrantCheck } from '../grant.js';
import type { TelemetrySignal as Signal } from '../types.js';
import type { RequestBySignal, Resource } from './model.js';
import { anyValueText } from './normalise-common.js';
import { pointsOfScope } from './normalise-metrics.js';

/** `service.name` as stored: the last of repeated keys, any value as text (attributeMap), "" when absent. */
function serviceOf(resource: Resource): string {
  let name = '';
  for (const kv of resource.attributes) if (kv.key === 'service.name') name = anyValueText(kv.value);
  return name;
}

const sum = <T>(list: T[], count: (item: T) => number) => list.reduce((n, item) => n + count(item), 0);

// A refused resource becomes an empty one, not a gap: the item paths of the others' errors
// (resourceSpans[2]…) keep naming the request as sent.
const empty = { resource: { attributes: [] }, schemaUrl: '' };

/** Each signal's resources, and the items partial_success counts in one of them. */
const granted: { [S in Signal]: (request: RequestBySignal[S], keeps: (resource: Resource, items: () => number) => boolean) => RequestBySignal[S] } = {
  traces: (r, keeps) => ({ ...r, resourceSpans: r.resourceSpans.map((g) => (keeps(g.resource, () => sum(g.scopeSpans, (s) => s.spans.length)) ? g : { ...empty, scopeSpans: [] })) }),
  logs: (r, keeps) => ({ ...r, resourceLogs: r.resourceLogs.map((g) => (keeps(g.resource, () => sum(g.scopeLogs, (s) => s.logRecords.length)) ? g : { ...empty, scopeLogs: [] })) }),
  metrics: (r, keeps) => ({ ...r, resourceMetrics: r.resourceMetrics.map((g) => (keeps(g.resource, () => sum(g.scopeMetrics, pointsOfScope)) ? g : { ...empty, scopeMetrics: [] })) }),
};

/** The request with the resources `check` does not admit emptied; their items are counted refused in it. */
export function grantedResources<S extends Signal>(signal: S, request: RequestBySignal[S], check: GrantCheck): RequestBySignal[S] {
  return granted[signal](request, (resource, items) => {
    const service = serviceOf(resource);
    if (check.admits(service)) return true;
    check.refuse(service, items());
    return false;
  });
}
