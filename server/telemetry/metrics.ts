import client from 'prom-client';
import type { IngestCounters } from '../../collectors/types.js';

/** The hub's own Prometheus metrics, on a registry of its own (not the global one). */
export function createHubMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'octolens_' });
  const received = new client.Counter({
    name: 'octolens_ingest_received_rows_total',
    help: 'Rows accepted by a collector (spans, log records, data points).',
    labelNames: ['signal'] as const,
    registers: [registry],
  });
  const rejected = new client.Counter({
    name: 'octolens_ingest_rejected_rows_total',
    help: 'Rows refused by a collector, by reason.',
    labelNames: ['signal', 'reason'] as const,
    registers: [registry],
  });
  const rejectedRequests = new client.Counter({
    name: 'octolens_ingest_rejected_requests_total',
    help: 'Requests refused whole (malformed, too large, unsupported type), by reason.',
    labelNames: ['signal', 'reason'] as const,
    registers: [registry],
  });
  // No service label: services are as many as senders make up. The per-service counts are in
  // ClickHouse (privacy_redactions, GET /api/v1/privacy); kinds are a closed list plus the
  // operator's own pattern names.
  const redactions = new client.Counter({
    name: 'octolens_redactions_total',
    help: 'Values scrubbed before storage (collectors.otlp.scrub), by signal and kind; a request re-sent is scrubbed and counted again (GET /api/v1/privacy counts it once).',
    labelNames: ['signal', 'kind'] as const,
    registers: [registry],
  });
  // Read at scrape time from whichever queue the process runs (none in an api-only process).
  let queueDepth = () => ({ rows: 0, bytes: 0 });
  new client.Gauge({
    name: 'octolens_queue_depth_rows',
    help: 'Rows accepted but not yet stored.',
    registers: [registry],
    collect() {
      this.set(queueDepth().rows);
    },
  });
  new client.Gauge({
    name: 'octolens_queue_depth_bytes',
    help: 'Bytes accepted but not yet stored.',
    registers: [registry],
    collect() {
      this.set(queueDepth().bytes);
    },
  });
  // 1 in the worker replica holding the leader lease (server/lease), which runs the scheduled jobs.
  let leading = () => false;
  new client.Gauge({
    name: 'octolens_leader',
    help: 'Whether this process holds the leader lease and runs the scheduled jobs (1) or not (0).',
    registers: [registry],
    collect() {
      this.set(leading() ? 1 : 0);
    },
  });
  const batchSeconds = new client.Histogram({
    name: 'octolens_batch_insert_seconds',
    help: 'Time to store one batch, retries included.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const batchRows = new client.Counter({
    name: 'octolens_batch_rows_total',
    help: 'Rows stored, by table.',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const httpRequests = new client.Counter({
    name: 'octolens_http_requests_total',
    help: 'HTTP requests answered, by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpSeconds = new client.Histogram({
    name: 'octolens_http_request_duration_seconds',
    help: 'HTTP request duration, by route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // Read at scrape time from the process's series limiter (collectors/series-limit.ts); 0 without receivers.
  let activeSeries = () => 0;
  new client.Gauge({
    name: 'octolens_metric_series_active',
    help: 'Metric series that sent a sample within the last hour, as the series limit counts them (OCTOLENS_MAX_SERIES).',
    registers: [registry],
    collect() {
      this.set(activeSeries());
    },
  });

  const rateLimited = new client.Counter({
    name: 'octolens_rate_limited_total',
    help: 'Requests refused 429 (or RESOURCE_EXHAUSTED) past a rate limit (OCTOLENS_RATE_LIMIT_*), by kind: ingest, api, login.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  const counters: IngestCounters = {
    accepted: (signal, rows) => received.inc({ signal }, rows),
    refused: (signal, reason, rows) => rejected.inc({ signal, reason }, rows),
    refusedRequest: (signal, reason) => rejectedRequests.inc({ signal, reason }),
    redacted: (signal, kind, count) => redactions.inc({ signal, kind }, count),
  };
  const watchQueue = (depth: () => { rows: number; bytes: number }) => {
    queueDepth = depth;
  };
  const watchLeader = (isLeader: () => boolean) => {
    leading = isLeader;
  };
  const watchSeries = (active: () => number) => {
    activeSeries = active;
  };
  return { registry, counters, watchQueue, watchLeader, watchSeries, batchSeconds, batchRows, httpRequests, httpSeconds, rateLimited };
}

export type HubMetrics = ReturnType<typeof createHubMetrics>;
