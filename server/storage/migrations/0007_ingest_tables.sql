-- The tables collectors may write are the ones whose comment is 'ingest': the writer reads
-- the list from system.tables at start and refuses rows for any other table, so a new
-- source's table is registered by the migration that creates it (CREATE TABLE … COMMENT
-- 'ingest'), not by a list in code. Derived tables (the trace-id lookup fed by its
-- materialized view, the SLO rollups) are written by the hub itself and stay unmarked.
ALTER TABLE otel_traces MODIFY COMMENT 'ingest';
ALTER TABLE otel_logs MODIFY COMMENT 'ingest';
ALTER TABLE otel_metrics_gauge MODIFY COMMENT 'ingest';
ALTER TABLE otel_metrics_sum MODIFY COMMENT 'ingest';
ALTER TABLE otel_metrics_histogram MODIFY COMMENT 'ingest';
ALTER TABLE otel_metrics_exponential_histogram MODIFY COMMENT 'ingest';
ALTER TABLE otel_metrics_summary MODIFY COMMENT 'ingest';
ALTER TABLE business_events MODIFY COMMENT 'ingest';
