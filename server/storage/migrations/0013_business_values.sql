-- Business events get their value, id and source from the collector (POST /ingest/business)
-- rather than from column defaults: the embedded insert path writes only the columns without
-- a DEFAULT, so a default would override every value sent. Rows stored before keep theirs.
ALTER TABLE business_events MODIFY COLUMN Value REMOVE DEFAULT;
ALTER TABLE business_events MODIFY COLUMN EventId REMOVE DEFAULT;
ALTER TABLE business_events MODIFY COLUMN Source REMOVE DEFAULT;
