/** OTLP/HTTP's registered port: what the hints say only when the hub's own answer cannot be read. */
export const DEFAULT_OTLP_HTTP_PORT = 4318;

/**
 * What OTEL_EXPORTER_OTLP_ENDPOINT should be for this hub: the host the page was opened at,
 * at the hub's OTLP/HTTP port (GET /api/v1/ingest). `location.hostname` keeps an IPv6
 * address in brackets; a bare one gets them.
 * @example otlpEndpoint('hub.internal', 5318) // 'http://hub.internal:5318'
 */
export function otlpEndpoint(hostname: string, httpPort: number): string {
  const host = hostname || 'localhost';
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${httpPort}`;
}

/**
 * The endpoint a hint prints, from the hub's answer: '…' while it loads, the default port when
 * it could not be read (the hint then says so), the hub's own port otherwise.
 * @example hintedOtlpEndpoint('hub.internal', { otlp: { httpPort: 5318, grpcPort: 5317 } }, undefined) // 'http://hub.internal:5318'
 */
export function hintedOtlpEndpoint(hostname: string, info: { otlp: { httpPort: number } } | undefined, error: Error | undefined): string {
  if (info) return otlpEndpoint(hostname, info.otlp.httpPort);
  return error ? otlpEndpoint(hostname, DEFAULT_OTLP_HTTP_PORT) : '…';
}
