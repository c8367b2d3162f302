/**
 * Fills a hub's data dir for the query benchmark, through the bulk path: INSERT … SELECT FROM
 * numbers() inside embedded chDB (no collector, no queue: this measures reads), into the
 * tables the migrations create, so the trace-id index and every materialized view fill as
 * they do on ingest. Over the `hours` before `endMs`:
 * - spans in traces of 10 (a server root and nine children, parents set), 20 services,
 *   50 hosts, 1 % errors, durations 1–500 ms;
 * - log records, ~200-byte HTTP access-log bodies, four in five carrying the trace id of the
 *   trace running at that moment; 300 of them hold one of 30 rare tokens (`rareToken(k)`),
 *   10 each;
 * - gauge points of 1,000 series (20 services × 50 hosts × 8 CPUs), evenly spaced.
 */
import type { TelemetryStore } from '../../server/storage/index.js';

export interface Scale {
  spans: number;
  logs: number;
  points: number;
  hours: number;
}

export const SERVICES = 20;
export const SERIES = 1000;
export const RARE_TOKENS = 30;
export const METRIC = 'system.cpu.utilization';
/** `xq0007zz`: letters that no body, id or hex string holds otherwise, fixed width so no token contains another */
export const rareToken = (k: number) => `xq${String(k).padStart(4, '0')}zz`;

const CHUNK = 2_000_000;

const traceId = (t: string) => `concat(lower(hex(cityHash64(${t}, 1))), lower(hex(cityHash64(${t}, 2))))`;

const spanSql = `INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, SpanAttributes, Duration, StatusCode)
SELECT
  fromUnixTimestamp64Nano(toInt64({fromMs:Int64} + intDiv(t * {spanMs:Int64}, {traces:Int64}) + i) * 1000000) AS Timestamp,
  ${traceId('t')} AS TraceId,
  lower(hex(cityHash64(number, 3))) AS SpanId,
  if(i = 0, '', lower(hex(cityHash64(t * 10, 3)))) AS ParentSpanId,
  if(i = 0, concat('GET /api/r', toString(t % 20)), concat('op-', toString(i))) AS SpanName,
  if(i = 0, 'Server', if(i % 2 = 1, 'Client', 'Server')) AS SpanKind,
  concat('svc-', toString((t + i) % ${SERVICES})) AS ServiceName,
  map('service.name', ServiceName, 'host.name', concat('host-', toString(cityHash64(t, 7) % 50))) AS ResourceAttributes,
  map('http.route', concat('/api/r', toString(t % 20)), 'http.response.status_code', if(cityHash64(number, 6) % 100 = 0, '500', '200')) AS SpanAttributes,
  (cityHash64(number, 5) % 500 + 1) * 1000000 AS Duration,
  if(cityHash64(number, 6) % 100 = 0, 'Error', 'Unset') AS StatusCode
FROM (SELECT number, intDiv(number, 10) AS t, number % 10 AS i FROM numbers({offset:UInt64}, {n:UInt64}))`;

const logSql = `INSERT INTO otel_logs (Timestamp, TraceId, SpanId, SeverityText, SeverityNumber, ServiceName, Body, ResourceAttributes, LogAttributes)
SELECT
  fromUnixTimestamp64Nano(toInt64({fromMs:Int64} + intDiv(number * {spanMs:Int64}, {logs:Int64})) * 1000000) AS Timestamp,
  if(number % 5 = 4, '', ${traceId('t')}) AS TraceId,
  if(number % 5 = 4, '', lower(hex(cityHash64(t * 10, 3)))) AS SpanId,
  if(status >= 500, 'ERROR', 'INFO') AS SeverityText,
  if(status >= 500, 17, 9) AS SeverityNumber,
  concat('svc-', toString(t % ${SERVICES})) AS ServiceName,
  concat(
    ['GET', 'POST', 'PUT', 'DELETE'][cityHash64(number, 8) % 4 + 1], ' /api/', ['orders', 'carts', 'users', 'products', 'payments'][cityHash64(number, 9) % 5 + 1], '/',
    toString(cityHash64(number, 10) % 100000), ' ', toString(status), ' ', toString(cityHash64(number, 11) % 900 + 1), 'ms ',
    'ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0" ip=10.', toString(cityHash64(number, 12) % 256), '.', toString(cityHash64(number, 13) % 256),
    ' req=', lower(hex(cityHash64(number, 14))),
    if(number % {rareEvery:UInt64} = 0 AND intDiv(number, {rareEvery:UInt64}) < ${RARE_TOKENS * 10}, concat(' token=xq', leftPad(toString(intDiv(number, {rareEvery:UInt64}) % ${RARE_TOKENS}), 4, '0'), 'zz'), '')
  ) AS Body,
  map('service.name', ServiceName, 'host.name', concat('host-', toString(cityHash64(t, 7) % 50))) AS ResourceAttributes,
  map('http.response.status_code', toString(status)) AS LogAttributes
FROM (SELECT number, intDiv(number * {traces:UInt64}, {logs:UInt64}) AS t, if(cityHash64(number, 15) % 100 = 0, 500, 200) AS status FROM numbers({offset:UInt64}, {n:UInt64}))`;

const pointSql = `INSERT INTO otel_metrics_gauge (ResourceAttributes, ServiceName, MetricName, MetricUnit, Attributes, TimeUnix, Value)
SELECT
  map('service.name', ServiceName, 'host.name', concat('host-', toString(k % 50))) AS ResourceAttributes,
  concat('svc-', toString(k % ${SERVICES})) AS ServiceName,
  '${METRIC}', '1',
  map('cpu', toString(intDiv(k, 50) % 8)) AS Attributes,
  fromUnixTimestamp64Nano(toInt64({fromMs:Int64} + intDiv(p * {spanMs:Int64}, {perSeries:UInt64})) * 1000000) AS TimeUnix,
  (cityHash64(number, 16) % 1000) / 1000 AS Value
FROM (SELECT number, number % ${SERIES} AS k, intDiv(number, ${SERIES}) AS p FROM numbers({offset:UInt64}, {n:UInt64}))`;

/** Inserts the data set; resolves with the seconds each table took. */
export async function generate(store: TelemetryStore, scale: Scale, endMs: number, progress: (line: string) => void): Promise<Record<'spans' | 'logs' | 'points', number>> {
  const spanMs = scale.hours * 3_600_000;
  const fromMs = endMs - spanMs;
  const traces = Math.max(1, Math.floor(scale.spans / 10));
  const base = { fromMs, spanMs, traces, logs: scale.logs, perSeries: Math.max(1, Math.floor(scale.points / SERIES)), rareEvery: Math.max(1, Math.floor(scale.logs / (RARE_TOKENS * 10))) };
  const seconds = { spans: 0, logs: 0, points: 0 };
  for (const [what, sql, total] of [
    ['spans', spanSql, scale.spans],
    ['logs', logSql, scale.logs],
    ['points', pointSql, scale.points],
  ] as const) {
    const started = performance.now();
    for (let offset = 0; offset < total; offset += CHUNK) {
      await store.query(sql, { ...base, offset, n: Math.min(CHUNK, total - offset) });
      progress(`${what}: ${Math.min(total, offset + CHUNK).toLocaleString('en')} of ${total.toLocaleString('en')}`);
    }
    seconds[what] = (performance.now() - started) / 1000;
  }
  return seconds;
}
