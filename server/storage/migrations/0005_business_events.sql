-- Generic business events (orders placed, checkouts completed, sign-ups): one row per event,
-- for business KPIs and event_ratio SLOs. Event names and services are few (LowCardinality);
-- everything else about an event is an attribute. Value carries an amount when the event has
-- one (an order's total); counting SLIs ignore it. Kept as long as metrics.
CREATE TABLE IF NOT EXISTS business_events
(
    Timestamp          DateTime64(9) CODEC(Delta, ZSTD(1)),
    Name               LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName        LowCardinality(String) CODEC(ZSTD(1)),
    Attributes         Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Value              Float64 DEFAULT 1 CODEC(ZSTD(1)),
    -- the sender's id for the event, when it has one; with Source it identifies a retried event
    EventId            String DEFAULT '' CODEC(ZSTD(1)),
    -- the collector or API it came through (api, otlp, webhook name)
    Source             LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (Name, toStartOfHour(Timestamp), ServiceName, Timestamp)
TTL toDateTime(Timestamp) + toIntervalDay({retention_days:metrics})
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;
