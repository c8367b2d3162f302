/** The client-side routes. The hub answers every non-API GET with index.html, so these are real paths. */
export type Route =
  | { name: 'services' }
  | { name: 'service'; serviceName: string }
  | { name: 'traces' }
  | { name: 'trace'; traceId: string }
  | { name: 'logs' }
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
  return { name: 'not-found' };
}
