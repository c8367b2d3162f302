-- `q` searches the body and every attribute value of a record as one text: the body and
-- the values joined by newlines. One trigram index over that text serves both `q` forms
-- (server/api/routes/logs/query.ts): an OR of the body and each value, as before, could be
-- pruned by no index, so every record in range was read (1 s over 10M records,
-- bench/results/queries.md); the body alone is that text's start, so its search is also
-- served by this index. Same size and granularity as idx_body_lower, which it replaces.
-- Parts written before this migration have no such index until they merge; they are read in full.
ALTER TABLE otel_logs ADD INDEX IF NOT EXISTS idx_text_lower lower(concat(Body, '\n', arrayStringConcat(mapValues(LogAttributes), '\n'))) TYPE ngrambf_v1(3, 65536, 3, 0) GRANULARITY 8;
ALTER TABLE otel_logs DROP INDEX IF EXISTS idx_body_lower;
