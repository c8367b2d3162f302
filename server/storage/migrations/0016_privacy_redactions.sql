-- The daily privacy report (issue 13, GET /api/v1/privacy): how many values the OTLP
-- collector's scrubber replaced before storage (collectors/otlp/scrub.ts), per day the hub
-- received them, service, signal and kind (key, bearer, basic, jwt, email, card, or an
-- operator's pattern name). A request's counts are a part of its queue request, inserted with
-- the same deduplication as its rows, so a retried request is counted once. Rows of a key are
-- summed by merges; readers sum() them. A report over years is a few rows a day: kept as long
-- as the delivery history ({retention_days:delivery} days).
CREATE TABLE IF NOT EXISTS privacy_redactions
(
    Day         Date CODEC(Delta, ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Signal      LowCardinality(String) CODEC(ZSTD(1)),
    Kind        LowCardinality(String) CODEC(ZSTD(1)),
    Count       UInt64 CODEC(T64, ZSTD(1))
)
ENGINE = SummingMergeTree(Count)
PARTITION BY toYYYYMM(Day)
ORDER BY (Day, ServiceName, Signal, Kind)
TTL Day + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';
