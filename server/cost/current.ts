/**
 * The rows that count: for each (BillingAccountId, BillingPeriodStart), those of the latest
 * committed import that covered it (migration 0011). Superseded imports and imports that
 * never committed stay stored until their TTL but are never read.
 */

/** A CTE `current_imports (BillingAccountId, BillingPeriodStart, ImportId)`. */
export const currentImportsCte = `current_imports AS (
  SELECT p.BillingAccountId AS BillingAccountId, p.BillingPeriodStart AS BillingPeriodStart,
         argMax(p.ImportId, (c.CommittedAt, p.ImportId)) AS ImportId
  FROM (SELECT DISTINCT ImportId, BillingAccountId, BillingPeriodStart FROM cost_imports FINAL WHERE Kind = 'period') AS p
  INNER JOIN (SELECT ImportId, max(ImportedAt) AS CommittedAt FROM cost_imports FINAL WHERE Kind = 'commit' GROUP BY ImportId) AS c
    ON p.ImportId = c.ImportId
  GROUP BY p.BillingAccountId, p.BillingPeriodStart
)`;

/** The WHERE condition on cost_items keeping only current rows. */
export const isCurrentRow = '(BillingAccountId, BillingPeriodStart, ImportId) IN (SELECT BillingAccountId, BillingPeriodStart, ImportId FROM current_imports)';
