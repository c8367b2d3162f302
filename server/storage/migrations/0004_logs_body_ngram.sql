-- Case-insensitive substring search on log bodies. The logs API turns `q` into
-- `lower(Body) LIKE '%…%'`; this index holds the trigrams of lower(Body), so granules
-- without every trigram of the search text are skipped (texts under 3 bytes read everything).
-- 64 KiB bloom filter per 8 granules (~65k rows), 3 hash functions.
-- Parts written before this migration have no such index until they merge; they are read in full.
-- idx_body (tokens as written) stays for whole-token lookups.
ALTER TABLE otel_logs ADD INDEX IF NOT EXISTS idx_body_lower lower(Body) TYPE ngrambf_v1(3, 65536, 3, 0) GRANULARITY 8;
