-- Per-minute good/total events of every SLO instance (one per group value combination),
-- written by the SLO engine's rollup (INSERT … SELECT each interval, over the minutes since
-- the last one plus a lateness margin; over the whole period when an SLO is added or its SLI
-- changes). A minute rolled up again replaces the old row: ReplacingMergeTree on the sort key,
-- newest ComputedAt wins; readers use FINAL. DefinitionHash is in the key, so minutes counted
-- under an older SLI definition are never mixed with new ones (readers ask for the current
-- hash; old rows age out with the TTL).
-- TTL: the longest period an SLO may use (a 90-day rolling quarter) plus its longest window.
CREATE TABLE IF NOT EXISTS slo_sli_minutes
(
    SloId          LowCardinality(String) CODEC(ZSTD(1)),
    DefinitionHash LowCardinality(String) CODEC(ZSTD(1)),
    -- `k=v,…` in groupBy order, '' without grouping; the instance id is `<SloId>/<GroupKey>`
    GroupKey       String CODEC(ZSTD(1)),
    `Group`        Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Minute         DateTime('UTC') CODEC(Delta, ZSTD(1)),
    Good           Float64 CODEC(ZSTD(1)),
    Total          Float64 CODEC(ZSTD(1)),
    ComputedAt     DateTime64(3) CODEC(Delta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ComputedAt)
PARTITION BY toDate(Minute)
ORDER BY (SloId, DefinitionHash, GroupKey, Minute)
TTL Minute + toIntervalDay(100)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
