-- Delivery and incident events (GitHub, GitLab, PagerDuty, CDEvents, the generic events API),
-- kept for years ({retention_days:delivery}), not the telemetry's days.
--
-- Every table is a log of what the sources reported, never updated in place: a deployment
-- gets one row per status it went through, an incident one row per transition, so the
-- current state is an aggregate (argMax by time) and a late or out-of-order event still
-- counts. ReplacingMergeTree on the natural key collapses a redelivery (same rows under the
-- same key) into one; readers use FINAL. There is no time partition, so a redelivery
-- months later still lands in the partition of its first copy.

-- Every delivery as received, for re-deriving the tables below when their mapping improves.
CREATE TABLE IF NOT EXISTS raw_events
(
    Source      LowCardinality(String) CODEC(ZSTD(1)),
    -- the provider's delivery id (X-GitHub-Delivery, CloudEvents id, …), or a hash of the body
    DeliveryId  String CODEC(ZSTD(1)),
    EventType   LowCardinality(String) CODEC(ZSTD(1)),
    ReceivedAt  DateTime64(3) CODEC(Delta, ZSTD(1)),
    Body        String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(ReceivedAt)
ORDER BY (Source, DeliveryId)
TTL toDateTime(ReceivedAt) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';

-- One row per reported status of a deployment. DeploymentId is scoped by source
-- (e.g. github:acme/checkout:1234567). Times a source does not give are 0 (1970-01-01).
CREATE TABLE IF NOT EXISTS deployments
(
    DeploymentId String CODEC(ZSTD(1)),
    Source       LowCardinality(String) CODEC(ZSTD(1)),
    Service      LowCardinality(String) CODEC(ZSTD(1)),
    Repo         String CODEC(ZSTD(1)),
    Environment  LowCardinality(String) CODEC(ZSTD(1)),
    IsProduction Bool CODEC(ZSTD(1)),
    -- pending | in_progress | success | failure | cancelled
    Status       LowCardinality(String) CODEC(ZSTD(1)),
    -- when the source reported this status
    ReportedAt   DateTime64(3) CODEC(Delta, ZSTD(1)),
    StartedAt    DateTime64(3) CODEC(Delta, ZSTD(1)),
    FinishedAt   DateTime64(3) CODEC(Delta, ZSTD(1)),
    -- the commit deployed, and the deployment's own commit list when the source gives one
    CommitSha    String CODEC(ZSTD(1)),
    CommitShas   Array(String) CODEC(ZSTD(1)),
    Artifact     String CODEC(ZSTD(1)),
    -- planned | hotfix | rollback | fix_forward
    Kind         LowCardinality(String) CODEC(ZSTD(1)),
    -- for a rollback: the deployment id or commit sha it returns to
    RollbackOf   String CODEC(ZSTD(1)),
    Url          String CODEC(ZSTD(1)),
    DeliveryId   String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
ORDER BY (Service, DeploymentId, Status, ReportedAt)
TTL toDateTime(ReportedAt) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';

-- One row per commit a source told us about (a push, a merge request, the events API), with
-- the pull/merge request it belongs to when known. A squash or rebase merge lands as a new
-- commit (MergeCommitSha) while the request's own commits keep their times here, tied to it
-- by PrNumber, so lead time can start at the first of them.
CREATE TABLE IF NOT EXISTS changes
(
    Repo           String CODEC(ZSTD(1)),
    CommitSha      String CODEC(ZSTD(1)),
    Service        LowCardinality(String) CODEC(ZSTD(1)),
    Source         LowCardinality(String) CODEC(ZSTD(1)),
    Branch         String CODEC(ZSTD(1)),
    AuthoredAt     DateTime64(3) CODEC(Delta, ZSTD(1)),
    CommittedAt    DateTime64(3) CODEC(Delta, ZSTD(1)),
    -- 0 when the commit is not known to belong to a pull/merge request
    PrNumber       UInt64 CODEC(ZSTD(1)),
    PrCreatedAt    DateTime64(3) CODEC(Delta, ZSTD(1)),
    PrMergedAt     DateTime64(3) CODEC(Delta, ZSTD(1)),
    MergeCommitSha String CODEC(ZSTD(1)),
    ReportedAt     DateTime64(3) CODEC(Delta, ZSTD(1)),
    DeliveryId     String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree(ReportedAt)
ORDER BY (Service, Repo, CommitSha, PrNumber)
TTL toDateTime(CommittedAt) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';

-- One row per incident transition. IncidentId is scoped by provider (pagerduty:Q1ABC…).
CREATE TABLE IF NOT EXISTS incidents
(
    IncidentId         String CODEC(ZSTD(1)),
    Provider           LowCardinality(String) CODEC(ZSTD(1)),
    Service            LowCardinality(String) CODEC(ZSTD(1)),
    -- triggered | acknowledged | resolved | reopened
    Status             LowCardinality(String) CODEC(ZSTD(1)),
    -- when the transition happened, and when the incident was opened
    At                 DateTime64(3) CODEC(Delta, ZSTD(1)),
    CreatedAt          DateTime64(3) CODEC(Delta, ZSTD(1)),
    Severity           LowCardinality(String) CODEC(ZSTD(1)),
    Title              String CODEC(ZSTD(1)),
    -- an explicit cause the source named ('' when none): a deployment id or a commit sha
    CauseDeploymentId  String CODEC(ZSTD(1)),
    CauseCommitSha     String CODEC(ZSTD(1)),
    Url                String CODEC(ZSTD(1)),
    DeliveryId         String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
ORDER BY (Service, IncidentId, Status, At)
TTL toDateTime(At) + toIntervalDay({retention_days:delivery})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';
