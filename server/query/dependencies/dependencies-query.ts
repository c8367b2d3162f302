/**
 * Service dependencies from span pairs (docs/service-map.md). A remote call is a Client span
 * whose child is a Server span of another service, or a Producer span whose child is a
 * Consumer span (OpenTelemetry trace semantic conventions, "SpanKind"). A call whose callee
 * sent no span is an edge to what the caller's span names: a database (`db.system`), a
 * messaging destination (`messaging.system`) or a host (`server.address`, or the legacy
 * `net.peer.name` / `http.url`).
 */
import { exactQuantilesSql, inRange, whereAll, type SqlQuery } from '../sql.js';

/** What a node of the map is: a service that sends spans, or something only its callers name. */
export type CalleeKind = 'service' | 'database' | 'messaging' | 'external';

/**
 * How far outside the range a call's child span is still looked for: a callee's clock may run
 * behind its caller's, and a call that starts just before `to` is served just after it.
 */
export const CHILD_SLACK_MS = 60_000;

/** Most edges one answer holds; one more row is read to tell that there were more. */
export const MAX_EDGES = 2000;

/** Most services one answer lists as nodes. */
export const MAX_SERVICES = 2000;

export interface DependencyRange {
  fromMs: number;
  toMs: number;
  /** only the edges from or to this service */
  service?: string;
}

export interface DependencyEdgeRow {
  caller: string;
  callee: string;
  calleeKind: CalleeKind;
  calls: number;
  errors: number;
  /** the caller's span durations, [p50, p95, p99] in ns */
  quantiles: Array<number | null>;
}

/** A span attribute of the call (the Client or Producer span); '' when it is not set. */
const attr = (key: string) => `c.SpanAttributes['${key}']`;
/** The first of the values that is not empty, '' when all are. */
const firstSet = (values: string[]) => `arrayFirst(x -> x != '', [${values.join(', ')}])`;

// Newer semantic conventions renamed several of these; the old names are still what many
// instrumentations send, so both are read.
const DB_SYSTEM = firstSet([attr('db.system'), attr('db.system.name')]);
/** the database's name (db.namespace in newer conventions), else where it runs */
const DB_NAME = firstSet([attr('db.name'), attr('db.namespace'), attr('server.address'), attr('net.peer.name')]);
const MESSAGING_SYSTEM = attr('messaging.system');
const MESSAGING_DESTINATION = firstSet([attr('messaging.destination.name'), attr('messaging.destination')]);
/** the host called: server.address, net.peer.name before it, else the URL's host */
const HOST = firstSet([attr('server.address'), attr('net.peer.name'), `domain(${attr('url.full')})`, `domain(${attr('http.url')})`]);

const joined = (system: string, name: string) => `if(${name} = '', ${system}, concat(${system}, '/', ${name}))`;

/**
 * One row per (caller, callee) over the calls that start in [fromMs, toMs), busiest first.
 *
 * The child spans are grouped by their parent first, so a call with several children is still
 * one call. A Client span whose only children are Client spans of its own service is a wrapper
 * around the real call (two HTTP instrumentations, one over the other): only the innermost
 * counts, or the call would be an edge twice. A call a service makes to itself is not an edge.
 * An edge's error is its callee's span status when the callee sent one (as the callee's own
 * error ratio counts it), else the caller's.
 */
export function dependencyEdgesSql(q: DependencyRange): SqlQuery {
  // An edge from or to the service has a span of the service in its trace: reading only those
  // traces (the service's spans come through the sort key) spares the join the rest.
  const traces =
    q.service === undefined
      ? []
      : [`TraceId IN (SELECT TraceId FROM otel_traces ${whereAll(['ServiceName = {service:String}', ...inRange('Timestamp', 'childFromMs', 'childToMs')])})`];
  return {
    sql: `SELECT caller, callee, calleeKind,
  count() AS calls,
  countIf(failed) AS errors,
  ${exactQuantilesSql('Duration')} AS quantiles
FROM (
  SELECT c.ServiceName AS caller, c.Duration AS Duration,
    if(c.SpanKind = 'Client', k.server, k.consumer) AS peer,
    if(c.SpanKind = 'Client', k.serverError, k.consumerError) AS peerError,
    ${DB_SYSTEM} AS dbSystem,
    ${DB_NAME} AS dbName,
    ${MESSAGING_SYSTEM} AS messagingSystem,
    ${MESSAGING_DESTINATION} AS destination,
    ${HOST} AS host,
    multiIf(peer != '', peer,
      dbSystem != '', ${joined('dbSystem', 'dbName')},
      c.SpanKind = 'Producer' AND messagingSystem != '', ${joined('messagingSystem', 'destination')},
      host != '', host,
      'unknown') AS callee,
    multiIf(peer != '', 'service', dbSystem != '', 'database', c.SpanKind = 'Producer' AND messagingSystem != '', 'messaging', 'external') AS calleeKind,
    if(peer != '', peerError = 1, c.StatusCode = 'Error') AS failed
  FROM (
    SELECT TraceId, SpanId, ServiceName, SpanKind, StatusCode, Duration, SpanAttributes
    FROM otel_traces
    ${whereAll([...inRange('Timestamp'), `SpanKind IN ('Client', 'Producer')`, ...traces])}
  ) AS c
  LEFT JOIN (
    SELECT TraceId, ParentSpanId,
      anyIf(ServiceName, SpanKind = 'Server') AS server,
      maxIf(StatusCode = 'Error', SpanKind = 'Server') AS serverError,
      anyIf(ServiceName, SpanKind = 'Consumer') AS consumer,
      maxIf(StatusCode = 'Error', SpanKind = 'Consumer') AS consumerError,
      groupUniqArrayIf(ServiceName, SpanKind IN ('Client', 'Producer')) AS innerCallers
    FROM otel_traces
    ${whereAll([...inRange('Timestamp', 'childFromMs', 'childToMs'), "ParentSpanId != ''", `SpanKind IN ('Server', 'Consumer', 'Client', 'Producer')`, ...traces])}
    GROUP BY TraceId, ParentSpanId
  ) AS k ON k.TraceId = c.TraceId AND k.ParentSpanId = c.SpanId
  WHERE peer != '' OR NOT has(k.innerCallers, c.ServiceName)
)
${whereAll([
  "NOT (calleeKind = 'service' AND callee = caller)",
  ...(q.service === undefined ? [] : ["(caller = {service:String} OR (calleeKind = 'service' AND callee = {service:String}))"]),
])}
GROUP BY caller, callee, calleeKind
ORDER BY calls DESC, caller, callee, calleeKind
LIMIT ${MAX_EDGES + 1}`,
    params: {
      fromMs: q.fromMs,
      toMs: q.toMs,
      childFromMs: q.fromMs - CHILD_SLACK_MS,
      childToMs: q.toMs + CHILD_SLACK_MS,
      ...(q.service === undefined ? {} : { service: q.service }),
    },
  };
}

/** Every service with a span in [fromMs, toMs) (or only `service`, when given), by name. */
export function dependencyServicesSql(q: DependencyRange): SqlQuery {
  return {
    sql: `SELECT ServiceName AS name
FROM otel_traces
${whereAll([...inRange('Timestamp'), ...(q.service === undefined ? [] : ['ServiceName = {service:String}'])])}
GROUP BY ServiceName
ORDER BY name
LIMIT ${MAX_SERVICES + 1}`,
    params: { fromMs: q.fromMs, toMs: q.toMs, ...(q.service === undefined ? {} : { service: q.service }) },
  };
}
