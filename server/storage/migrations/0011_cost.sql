-- Cloud cost: FOCUS 1.0–1.3 cost and usage rows (collectors/focus), kept
-- {retention_days:cost} days (OCTOLENS_RETENTION_COST_DAYS, 3 years) from the time they were
-- imported, whatever the age of the billing period they describe: a 2023 invoice imported
-- today is kept three years from today.
--
-- Money is Decimal(38, 10) end to end: FOCUS amounts are decimal strings, sums stay exact.
--
-- Replacing a billing period: FOCUS rows have no identity of their own, so an import is a
-- *generation*. Every row carries its ImportId; cost_imports records which (billing account,
-- billing period) pairs each import covered and, once every row of the import is stored, a
-- 'commit' row. Readers count, for each (BillingAccountId, BillingPeriodStart), only the rows
-- of the latest committed import that covered it (server/cost/current.ts): re-importing a
-- period replaces it, an interrupted import changes nothing, the same file twice gives the
-- same figures. ReplacingMergeTree on (…, ImportId, Part, Line) collapses a part re-sent inside
-- one import; readers use FINAL.
CREATE TABLE IF NOT EXISTS cost_items
(
    ImportId                 String CODEC(ZSTD(1)),
    -- which file of a multi-file import (0 for one file), and the row's line in it (header = 1)
    Part                     UInt32 CODEC(ZSTD(1)),
    Line                     UInt64 CODEC(Delta, ZSTD(1)),
    ImportedAt               DateTime64(3) CODEC(Delta, ZSTD(1)),
    BillingAccountId         String CODEC(ZSTD(1)),
    BillingAccountName       String CODEC(ZSTD(1)),
    SubAccountId             String CODEC(ZSTD(1)),
    SubAccountName           String CODEC(ZSTD(1)),
    BillingPeriodStart       DateTime('UTC') CODEC(Delta, ZSTD(1)),
    BillingPeriodEnd         DateTime('UTC') CODEC(Delta, ZSTD(1)),
    ChargePeriodStart        DateTime('UTC') CODEC(Delta, ZSTD(1)),
    ChargePeriodEnd          DateTime('UTC') CODEC(Delta, ZSTD(1)),
    BillingCurrency          LowCardinality(String) CODEC(ZSTD(1)),
    BilledCost               Decimal(38, 10) CODEC(ZSTD(1)),
    EffectiveCost            Decimal(38, 10) CODEC(ZSTD(1)),
    -- 0 when the export leaves them empty
    ListCost                 Decimal(38, 10) CODEC(ZSTD(1)),
    ContractedCost           Decimal(38, 10) CODEC(ZSTD(1)),
    -- Usage | Purchase | Tax | Credit | Adjustment; ChargeClass 'Correction' or ''
    ChargeCategory           LowCardinality(String) CODEC(ZSTD(1)),
    ChargeClass              LowCardinality(String) CODEC(ZSTD(1)),
    ChargeFrequency          LowCardinality(String) CODEC(ZSTD(1)),
    ChargeDescription        String CODEC(ZSTD(1)),
    CommitmentDiscountId     String CODEC(ZSTD(1)),
    CommitmentDiscountType   LowCardinality(String) CODEC(ZSTD(1)),
    -- Used | Unused ('' when no commitment applies)
    CommitmentDiscountStatus LowCardinality(String) CODEC(ZSTD(1)),
    ConsumedQuantity         Decimal(38, 10) CODEC(ZSTD(1)),
    ConsumedUnit             LowCardinality(String) CODEC(ZSTD(1)),
    PricingQuantity          Decimal(38, 10) CODEC(ZSTD(1)),
    PricingUnit              LowCardinality(String) CODEC(ZSTD(1)),
    -- FOCUS 1.0–1.2 name the provider ProviderName; 1.3 ServiceProviderName (and HostProviderName)
    ProviderName             LowCardinality(String) CODEC(ZSTD(1)),
    ServiceProviderName      LowCardinality(String) CODEC(ZSTD(1)),
    HostProviderName         LowCardinality(String) CODEC(ZSTD(1)),
    PublisherName            LowCardinality(String) CODEC(ZSTD(1)),
    InvoiceIssuerName        LowCardinality(String) CODEC(ZSTD(1)),
    RegionId                 LowCardinality(String) CODEC(ZSTD(1)),
    RegionName               LowCardinality(String) CODEC(ZSTD(1)),
    ResourceId               String CODEC(ZSTD(1)),
    ResourceName             String CODEC(ZSTD(1)),
    ResourceType             LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName              LowCardinality(String) CODEC(ZSTD(1)),
    ServiceCategory          LowCardinality(String) CODEC(ZSTD(1)),
    ServiceSubcategory       LowCardinality(String) CODEC(ZSTD(1)),
    -- the Tags column as exported (keys as the provider spelt them)
    Tags                     Map(String, String) CODEC(ZSTD(1)),
    -- x_ columns and any other column this table has none for, as text
    ExtraColumns             Map(String, String) CODEC(ZSTD(3)),
    -- allocation at import (OCTOLENS_COST_RULES): '' = not allocated on that dimension
    Team                     LowCardinality(String) CODEC(ZSTD(1)),
    Service                  LowCardinality(String) CODEC(ZSTD(1)),
    Environment              LowCardinality(String) CODEC(ZSTD(1)),
    -- the shared-cost rule the row matched: split among teams at read time
    SharedRule               LowCardinality(String) CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ImportedAt)
ORDER BY (BillingAccountId, BillingPeriodStart, ImportId, Part, Line)
TTL toDateTime(ImportedAt) + toIntervalDay({retention_days:cost})
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000
COMMENT 'ingest';

-- What each import covered, and whether it finished. Kind 'period': one row per (part,
-- billing account, billing period) with the part's row count; Kind 'commit': one row per
-- import, written after every row of it is stored (BillingAccountId '').
CREATE TABLE IF NOT EXISTS cost_imports
(
    ImportId           String CODEC(ZSTD(1)),
    Kind               LowCardinality(String) CODEC(ZSTD(1)),
    Part               UInt32 CODEC(ZSTD(1)),
    BillingAccountId   String CODEC(ZSTD(1)),
    BillingPeriodStart DateTime('UTC') CODEC(Delta, ZSTD(1)),
    BillingPeriodEnd   DateTime('UTC') CODEC(Delta, ZSTD(1)),
    Rows               UInt64 CODEC(ZSTD(1)),
    ImportedAt         DateTime64(3) CODEC(Delta, ZSTD(1)),
    -- upload | cli
    Source             LowCardinality(String) CODEC(ZSTD(1)),
    File               String CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree
ORDER BY (ImportId, Kind, Part, BillingAccountId, BillingPeriodStart)
TTL toDateTime(ImportedAt) + toIntervalDay({retention_days:cost})
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000
COMMENT 'ingest';
