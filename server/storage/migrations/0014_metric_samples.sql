-- Prometheus samples in the layout the Prometheus TSDB, VictoriaMetrics and ClickHouse's own
-- TimeSeries engine use: a series' labels once in metric_series, its samples as narrow rows
-- (metric, series id, time, value) in metric_samples. Written as wide otel_metrics_* rows, each
-- sample carried its labels twice as Maps, and chDB spent ~5 µs parsing and ~3 µs merging every
-- sample; a narrow row costs it ~1.2 µs in all (the same rows inserted into chDB side by side;
-- end to end, bench/results/remote-write.md).
--
-- Readers query the *_all views: OTLP points (which keep scope, start time and exemplars in the
-- exporter tables) and remote-written samples joined to their series, in one set of columns.

CREATE TABLE IF NOT EXISTS metric_series
(
    SeriesId           UInt64,
    MetricName         LowCardinality(String),
    Kind               Enum8('gauge' = 1, 'sum' = 2),
    ServiceName        LowCardinality(String),
    ResourceAttributes Map(LowCardinality(String), String),
    Attributes         Map(LowCardinality(String), String),
    MetricDescription  String,
    MetricUnit         String,
    SeenUnix           DateTime
)
ENGINE = ReplacingMergeTree(SeenUnix)
ORDER BY (MetricName, SeriesId)
TTL SeenUnix + toIntervalDay({retention_days:metrics})
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'ingest';

CREATE TABLE IF NOT EXISTS metric_samples
(
    MetricName LowCardinality(String),
    SeriesId   UInt64,
    TimeUnix   DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    Value      Float64 CODEC(Gorilla, ZSTD(1)),
    Flags      UInt8
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (MetricName, SeriesId, TimeUnix)
TTL toDateTime(TimeUnix) + toIntervalDay({retention_days:metrics})
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000
COMMENT 'ingest';

CREATE VIEW IF NOT EXISTS otel_metrics_gauge_all AS
SELECT ResourceAttributes, ResourceSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, ScopeDroppedAttrCount, ScopeSchemaUrl,
       ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, StartTimeUnix, TimeUnix, Value, Flags,
       `Exemplars.FilteredAttributes`, `Exemplars.TimeUnix`, `Exemplars.Value`, `Exemplars.SpanId`, `Exemplars.TraceId`
FROM otel_metrics_gauge
UNION ALL
SELECT s.ResourceAttributes, '', '', '', CAST(map(), 'Map(LowCardinality(String), String)'), 0, '',
       s.ServiceName, p.MetricName, s.MetricDescription, s.MetricUnit, s.Attributes,
       toDateTime64(0, 9), toDateTime64(p.TimeUnix, 9), p.Value, toUInt32(p.Flags),
       CAST([], 'Array(Map(LowCardinality(String), String))'), CAST([], 'Array(DateTime64(9))'), CAST([], 'Array(Float64)'), CAST([], 'Array(String)'), CAST([], 'Array(String)')
FROM metric_samples AS p
INNER JOIN (SELECT * FROM metric_series FINAL WHERE Kind = 'gauge') AS s ON p.MetricName = s.MetricName AND p.SeriesId = s.SeriesId;

-- A remote-written sum is a Prometheus counter: cumulative (2) and monotonic, start time unknown (0).
CREATE VIEW IF NOT EXISTS otel_metrics_sum_all AS
SELECT ResourceAttributes, ResourceSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, ScopeDroppedAttrCount, ScopeSchemaUrl,
       ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, StartTimeUnix, TimeUnix, Value, Flags,
       `Exemplars.FilteredAttributes`, `Exemplars.TimeUnix`, `Exemplars.Value`, `Exemplars.SpanId`, `Exemplars.TraceId`,
       AggregationTemporality, IsMonotonic
FROM otel_metrics_sum
UNION ALL
SELECT s.ResourceAttributes, '', '', '', CAST(map(), 'Map(LowCardinality(String), String)'), 0, '',
       s.ServiceName, p.MetricName, s.MetricDescription, s.MetricUnit, s.Attributes,
       toDateTime64(0, 9), toDateTime64(p.TimeUnix, 9), p.Value, toUInt32(p.Flags),
       CAST([], 'Array(Map(LowCardinality(String), String))'), CAST([], 'Array(DateTime64(9))'), CAST([], 'Array(Float64)'), CAST([], 'Array(String)'), CAST([], 'Array(String)'),
       2, true
FROM metric_samples AS p
INNER JOIN (SELECT * FROM metric_series FINAL WHERE Kind = 'sum') AS s ON p.MetricName = s.MetricName AND p.SeriesId = s.SeriesId;
