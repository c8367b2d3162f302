-- Service catalog snapshots (Backstage entities: uploads, `octolens import catalog`, pulls
-- from a Backstage catalog API), kept for years ({retention_days:delivery}) like the delivery
-- tables, so "who owned checkout in March" has an answer.
--
-- One row per entity per snapshot, plus one marker row per snapshot (EntityRef '') so that a
-- snapshot emptying a location is recorded too. A snapshot is (Location, ImportedAt): the
-- current catalog is every location's latest snapshot (server/catalog/current.ts), and the
-- metadata store's services.team is derived from it (server/catalog/sync-catalog.ts).
CREATE TABLE IF NOT EXISTS catalog_snapshots
(
    -- where the entities came from: upload, a directory name, backstage:<url>
    Location        String CODEC(ZSTD(1)),
    ImportedAt      DateTime64(3) CODEC(Delta, ZSTD(1)),
    -- upload | cli | backstage
    Source          LowCardinality(String) CODEC(ZSTD(1)),
    -- kind:namespace/name, lowercase ('' on the snapshot's marker row)
    EntityRef       String CODEC(ZSTD(1)),
    Kind            LowCardinality(String) CODEC(ZSTD(1)),
    Namespace       LowCardinality(String) CODEC(ZSTD(1)),
    Name            String CODEC(ZSTD(1)),
    Title           String CODEC(ZSTD(1)),
    Description     String CODEC(ZSTD(1)),
    -- the owner's entity ref (group:default/payments), '' when none
    Owner           String CODEC(ZSTD(1)),
    -- a Component's service name (its name, or its service-name annotation), else ''
    Service         String CODEC(ZSTD(1)),
    Type            LowCardinality(String) CODEC(ZSTD(1)),
    Lifecycle       LowCardinality(String) CODEC(ZSTD(1)),
    System          String CODEC(ZSTD(1)),
    -- relations from the entity's spec: ownedBy, partOf, providesApi, consumesApi, dependsOn, memberOf, childOf, hasMember
    RelationTypes   Array(LowCardinality(String)) CODEC(ZSTD(1)),
    RelationTargets Array(String) CODEC(ZSTD(1)),
    -- where the entity was read: file and line of its document (0 for a pull)
    File            String CODEC(ZSTD(1)),
    Line            UInt32 CODEC(ZSTD(1)),
    -- the entity as read, JSON
    Entity          String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree
ORDER BY (Location, ImportedAt, EntityRef)
TTL toDateTime(ImportedAt) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';
