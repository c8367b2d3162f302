-- Platform adoption: one row per service per day with the facts the hub derived for it
-- (server/adoption/derive-facts.ts), so the Platform lens has trends: the worker re-takes
-- today's row every OCTOLENS_ADOPTION_INTERVAL_MS (the latest of a day wins,
-- ReplacingMergeTree on TakenAt), and yesterday's rows stay as they were last taken.
-- Scorecards are evaluated over these rows when read, so a changed scorecard file rescores
-- the past too (docs/adoption.md). Kept {retention_days:delivery} days (3 years).
CREATE TABLE IF NOT EXISTS adoption_facts
(
    Day      Date CODEC(Delta, ZSTD(1)),
    Service  String CODEC(ZSTD(1)),
    -- the owning team that day ('' when none) and the catalog Component ('' when not in the catalog)
    Team     LowCardinality(String) CODEC(ZSTD(1)),
    Entity   String CODEC(ZSTD(1)),
    -- fact name → 1 true, 0 false, -1 unknown; a map, so a new fact needs no migration
    Facts    Map(LowCardinality(String), Int8) CODEC(ZSTD(1)),
    Template String CODEC(ZSTD(1)),
    Runbook  String CODEC(ZSTD(1)),
    TakenAt  DateTime64(3) CODEC(Delta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(TakenAt)
PARTITION BY toYYYYMM(Day)
ORDER BY (Day, Service)
TTL Day + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192;

-- Platform usage events (POST /ingest/events, `platform[]`): a template executed, a
-- self-service action run, an environment created… One row per event id (a retry, however
-- late, is the same event: readers use FINAL, the latest copy of an id wins). Read by
-- server/adoption/usage.ts: active teams and actions per week, and the time from a service's
-- creation to its first production deployment.
CREATE TABLE IF NOT EXISTS adoption_events
(
    EventId    String CODEC(ZSTD(1)),
    -- template.executed | action.executed | environment.created | service.created | any other
    Type       LowCardinality(String) CODEC(ZSTD(1)),
    At         DateTime64(3) CODEC(Delta, ZSTD(1)),
    -- what it concerns, '' when the sender did not say; a missing team is the service's catalog team
    Service    LowCardinality(String) CODEC(ZSTD(1)),
    Team       LowCardinality(String) CODEC(ZSTD(1)),
    Actor      String CODEC(ZSTD(1)),
    -- the template, action or environment
    Name       String CODEC(ZSTD(1)),
    Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    DeliveryId String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
ORDER BY EventId
TTL toDateTime(At) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';
