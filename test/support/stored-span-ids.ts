/**
 * Rows per span id of one service, asked straight of a ClickHouse-protocol server
 * (test/support/clickhouse-http.ts) over its HTTP interface, as any client would: the
 * storage itself, not the hub's API (whose trace list groups rows by trace).
 *
 * @example
 * const counts = await storedSpanIds(ch.url, { user: 'octolens', password: 's3cret', database: 'telemetry' }, 'svc');
 * // Map { '5f0c…' => 1, … }: a value above 1 is a span stored twice
 */
export async function storedSpanIds(url: string, auth: { user: string; password: string; database: string }, service: string): Promise<Map<string, number>> {
  const params = new URLSearchParams({ database: auth.database, param_service: service });
  const res = await fetch(`${url}/?${params}`, {
    method: 'POST',
    body: 'SELECT SpanId, count() AS n FROM otel_traces WHERE ServiceName = {service:String} GROUP BY SpanId FORMAT JSONEachRow',
    headers: { 'X-ClickHouse-User': auth.user, 'X-ClickHouse-Key': auth.password },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`counting the spans of ${service} → ${res.status}: ${text}`);
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as { SpanId: string; n: string | number };
    counts.set(row.SpanId, Number(row.n));
  }
  return counts;
}
