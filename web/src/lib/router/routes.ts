/** The client-side routes. The hub answers every non-API GET with index.html, so these are real paths. */
export type Route =
  | { name: 'services' }
  | { name: 'service'; serviceName: string }
  | { name: 'traces' }
  | { name: 'trace'; traceId: string }
  | { name: 'logs' }
  | { name: 'map' }
  | { name: 'metrics' }
  | { name: 'dashboards' }
  | { name: 'dashboard'; dashboardId: string }
  | { name: 'slos' }
  /** `sloId` is an SLO instance id, which may hold `/`, `=` and `,` (group instances) */
  | { name: 'slo'; sloId: string }
  | { name: 'alerts' }
  | { name: 'portfolio' }
  | { name: 'incidents' }
  | { name: 'incident'; incidentId: string }
  | { name: 'catalog' }
  | { name: 'adoption' }
  | { name: 'privacy' }
  | { name: 'audit' }
  | { name: 'cloud' }
  | { name: 'business' }
  | { name: 'hosts' }
  | { name: 'host'; hostName: string }
  /** not a lens: where a hub with authentication on sends a browser without a session */
  | { name: 'login' }
  | { name: 'not-found' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Maps a pathname to a route; trailing slashes are ignored.
 * @example matchRoute('/services/checkout') // { name: 'service', serviceName: 'checkout' }
 */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (first === 'slos') {
    if (second === undefined) return { name: 'slos' };
    // The id is one encoded segment (sloPath); an unencoded group id typed by hand is taken whole.
    const segments = [second, ...rest].map(decode);
    return segments.every((s) => s !== undefined) ? { name: 'slo', sloId: segments.join('/') } : { name: 'not-found' };
  }
  if (rest.length > 0) return { name: 'not-found' };
  if (first === undefined) return { name: 'services' };
  if (first === 'services') {
    if (second === undefined) return { name: 'services' };
    const serviceName = decode(second);
    return serviceName ? { name: 'service', serviceName } : { name: 'not-found' };
  }
  if (first === 'traces') {
    if (second === undefined) return { name: 'traces' };
    const traceId = decode(second);
    return traceId ? { name: 'trace', traceId } : { name: 'not-found' };
  }
  if (first === 'logs' && second === undefined) return { name: 'logs' };
  if (first === 'map' && second === undefined) return { name: 'map' };
  // not /metrics: that is the hub's own Prometheus endpoint
  if (first === 'explore' && second === undefined) return { name: 'metrics' };
  if (first === 'dashboards') {
    if (second === undefined) return { name: 'dashboards' };
    const dashboardId = decode(second);
    return dashboardId ? { name: 'dashboard', dashboardId } : { name: 'not-found' };
  }
  if (first === 'alerts' && second === undefined) return { name: 'alerts' };
  if (first === 'portfolio' && second === undefined) return { name: 'portfolio' };
  if (first === 'catalog' && second === undefined) return { name: 'catalog' };
  if (first === 'adoption' && second === undefined) return { name: 'adoption' };
  if (first === 'privacy' && second === undefined) return { name: 'privacy' };
  if (first === 'audit' && second === undefined) return { name: 'audit' };
  if (first === 'cloud' && second === undefined) return { name: 'cloud' };
  if (first === 'business' && second === undefined) return { name: 'business' };
  if (first === 'login' && second === undefined) return { name: 'login' };
  if (first === 'hosts') {
    if (second === undefined) return { name: 'hosts' };
    const hostName = decode(second);
    return hostName ? { name: 'host', hostName } : { name: 'not-found' };
  }
  if (first === 'incidents') {
    if (second === undefined) return { name: 'incidents' };
    const incidentId = decode(second);
    return incidentId ? { name: 'incident', incidentId } : { name: 'not-found' };
  }
  return { name: 'not-found' };
}
