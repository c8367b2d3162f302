-- Storage layout (issue 12: log storage ≥ 8× smaller than raw OTLP JSON). Figures: one
-- ingest-logs and one ingest-traces benchmark run's 1M rows, copied into a table as each
-- statement leaves it and merged; bytes a row on disk (bench/results/ingest-logs-native.md).
--
-- ClickHouse 25.x+ writes a String's lengths in a stream of their own, a UInt64 each
-- (string_serialization_version = with_size_stream), and by default inside Map and Array
-- values too. Under ZSTD(1) those 8-byte lengths cost ~0.5 byte each, per attribute value:
-- a log record's four resource attributes took 2.14 bytes, a span's attributes 8.1 (of 14.2).
-- A top-level String keeps its size stream (Body, TraceId, SpanId are smaller with it);
-- nested values go back to lengths inline, 0.28 and 0.66 bytes. Inserts get cheaper too
-- (fewer streams to compress): 1M spans INSERT…SELECT 3.8 s → 2.3 s. Old parts keep their
-- layout until they merge (each part records its own serialization).
ALTER TABLE otel_traces MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_logs MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_metrics_gauge MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_metrics_sum MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_metrics_histogram MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_metrics_exponential_histogram MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE otel_metrics_summary MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE metric_series MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
ALTER TABLE business_events MODIFY SETTING propagate_types_serialization_versions_to_nested_types = 0;
-- A log record's time: Delta leaves small 8-byte differences, T64 keeps only their used bits
-- before ZSTD, 2.92 → 2.42 bytes. SeverityNumber and TraceFlags had no codec (LZ4): 0.74 → 0.07.
ALTER TABLE otel_logs MODIFY COLUMN Timestamp CODEC(Delta, T64, ZSTD(1));
ALTER TABLE otel_logs MODIFY COLUMN SeverityNumber CODEC(ZSTD(1));
ALTER TABLE otel_logs MODIFY COLUMN TraceFlags CODEC(ZSTD(1));
-- No query tests Body as written (the logs API searches lower(...) through idx_text_lower,
-- server/api/routes/logs/query.ts), so this token index was only written, 0.56 bytes a record.
ALTER TABLE otel_logs DROP INDEX IF EXISTS idx_body;
