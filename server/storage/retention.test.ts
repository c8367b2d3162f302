import { describe, expect, it } from 'vitest';
import { retentionTables, ttlDays } from './retention.js';

describe('retention tables', () => {
  it('finds every table whose migration gives it a retention TTL, the trace-id lookup table included', () => {
    expect(retentionTables().map((t) => [t.table, t.signal, t.ttl])).toEqual([
      ['otel_traces', 'traces', 'toDateTime(Timestamp) + toIntervalDay({retention_days:traces})'],
      ['otel_traces_trace_id_ts', 'traces', 'Start + toIntervalDay({retention_days:traces})'],
      ['otel_logs', 'logs', 'TimestampTime + toIntervalDay({retention_days:logs})'],
      ['otel_metrics_gauge', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['otel_metrics_sum', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['otel_metrics_histogram', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['otel_metrics_exponential_histogram', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['otel_metrics_summary', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['business_events', 'metrics', 'toDateTime(Timestamp) + toIntervalDay({retention_days:metrics})'],
      ['raw_events', 'delivery', 'toDateTime(ReceivedAt) + toIntervalDay({retention_days:delivery})'],
      ['deployments', 'delivery', 'toDateTime(ReportedAt) + toIntervalDay({retention_days:delivery})'],
      ['changes', 'delivery', 'toDateTime(CommittedAt) + toIntervalDay({retention_days:delivery})'],
      ['incidents', 'delivery', 'toDateTime(At) + toIntervalDay({retention_days:delivery})'],
      ['delivery_deployment_facts', 'delivery', 'toDateTime(Finish) + toIntervalDay({retention_days:delivery})'],
      ['delivery_commit_facts', 'delivery', 'toDateTime(First) + toIntervalDay({retention_days:delivery})'],
      ['delivery_incident_facts', 'delivery', 'toDateTime(Opened) + toIntervalDay({retention_days:delivery})'],
      ['catalog_snapshots', 'delivery', 'toDateTime(ImportedAt) + toIntervalDay({retention_days:delivery})'],
      ['cost_items', 'cost', 'toDateTime(ImportedAt) + toIntervalDay({retention_days:cost})'],
      ['cost_imports', 'cost', 'toDateTime(ImportedAt) + toIntervalDay({retention_days:cost})'],
      ['adoption_facts', 'delivery', 'Day + toIntervalDay({retention_days:delivery})'],
      ['adoption_events', 'delivery', 'toDateTime(At) + toIntervalDay({retention_days:delivery})'],
      ['metric_series', 'metrics', 'SeenUnix + toIntervalDay({retention_days:metrics})'],
      ['metric_samples', 'metrics', 'toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})'],
      ['privacy_redactions', 'delivery', 'Day + toIntervalDay({retention_days:delivery})'],
    ]);
  });

  it.each([
    ['MergeTree PARTITION BY toDate(Start) ORDER BY (TraceId, Start) TTL Start + toIntervalDay(7) SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1', 7],
    ['MergeTree ORDER BY x TTL toDateTime(ts) + toIntervalDay(400)', 400],
    ['MergeTree ORDER BY x SETTINGS index_granularity = 8192', null],
    ['MergeTree ORDER BY x TTL toDateTime(ts) + toIntervalHour(5) SETTINGS ttl_only_drop_parts = 1', null],
  ])('reads the days of %s', (engineFull, days) => {
    expect(ttlDays(engineFull)).toBe(days);
  });
});
