import type { SqlQuery } from '../sql.js';
import { deliveryParams, deploymentsCte, groupedSelect, inRangeMs, millis, minutesBetween, scopeCondition, windowDeploymentsCte, type DeliveryQuery } from './scope.js';

export interface LeadTimeRow {
  isTotal: boolean | number;
  bucket: number;
  /** [median, p90] minutes */
  quantiles: Array<number | null>;
  samples: number;
  droppedNegative: number;
}

/**
 * Lead time for changes: each commit's CommittedAt → the finish of the first successful
 * target deployment of its service containing it, for commits whose first such deployment
 * finished in [from, to); bucketed by that finish. Containment (docs/dora.md):
 * - a deployment with a commit list (CommitShas) contains those commits;
 * - one without (and not a rollback) contains the commits of its service on the branch of the
 *   commit it deployed, committed after the previous such deployment's commit and up to and
 *   including its own (ASOF join on commit time);
 * - a contained commit that is a pull/merge request's MergeCommitSha (squash or rebase merge)
 *   stands for the request's own commits: rows with its Repo and PrNumber, or pushed to its head
 *   branch (PrNumber 0) no later than it merged. They keep their own times, so the request's
 *   first commit starts the lead time.
 * History is read from `sinceMs` on (DELIVERY_LOOKBACK_MS before `from`). Negative spans
 * (a commit time after the deployment) are dropped and counted.
 */
const changesIn = (q: DeliveryQuery, extra: string[]) => `SELECT Service, Repo, CommitSha, Branch, PrNumber, CommittedAt FROM changes FINAL
    WHERE ${[...scopeCondition(q), `${millis('CommittedAt')} >= {sinceMs:Int64}`, `${millis('CommittedAt')} < {toMs:Int64}`, ...extra].join(' AND ')}`;

/**
 * The CTEs of lead time after `WITH`: `dep`, `succ`, the window deployments, `contained`
 * (Service, sha, finish, deploymentId: a commit each target deployment contains),
 * `commitTime`, `pr` and `prCommit` (a squash/rebase merge's own commits).
 */
export function leadTimeCtes(q: DeliveryQuery): string {
  const changes = (extra: string[]) => changesIn(q, extra);
  return `${deploymentsCte(q)},
${windowDeploymentsCte(q)},
contained AS (
  SELECT Service, arrayJoin(commits) AS sha, finish, DeploymentId AS deploymentId FROM succ WHERE notEmpty(commits)
  UNION ALL
  SELECT c.Service AS Service, c.CommitSha AS sha, w.finish AS finish, w.deploymentId AS deploymentId
  FROM (${changes([])}) AS c
  ASOF INNER JOIN windowDep AS w ON c.Service = w.Service AND c.Branch = w.branch AND c.CommittedAt <= w.commitTime
),
commitTime AS (
  SELECT Service, CommitSha, min(CommittedAt) AS t FROM changes FINAL
  WHERE ${[...scopeCondition(q), `CommitSha IN (SELECT sha FROM contained)`].join(' AND ')}
  GROUP BY Service, CommitSha
  HAVING ${millis('t')} > 0
),
pr AS (
  SELECT Repo, PrNumber, max(MergeCommitSha) AS merge, max(PrMergedAt) AS mergedAt,
    anyIf(Branch, Branch != '' AND CommitSha != MergeCommitSha) AS head
  FROM changes FINAL
  WHERE ${[...scopeCondition(q), 'PrNumber > 0'].join(' AND ')}
  GROUP BY Repo, PrNumber
  HAVING merge != '' AND merge IN (SELECT sha FROM contained)
),
prCommit AS (
  SELECT merge, sha, min(ct) AS t FROM (
    SELECT p.merge AS merge, c.CommitSha AS sha, c.CommittedAt AS ct
    FROM (${changes(['PrNumber > 0'])}) AS c INNER JOIN pr AS p ON c.Repo = p.Repo AND c.PrNumber = p.PrNumber
    WHERE c.CommitSha != p.merge
    UNION ALL
    SELECT p.merge AS merge, c.CommitSha AS sha, c.CommittedAt AS ct
    FROM (${changes(['PrNumber = 0'])}) AS c INNER JOIN pr AS p ON c.Repo = p.Repo AND c.Branch = p.head
    WHERE p.head != '' AND c.CommitSha != p.merge AND c.CommittedAt <= p.mergedAt
  )
  WHERE ${millis('ct')} > 0
  GROUP BY merge, sha
)`;
}

/**
 * After leadTimeCtes: one row per lead-time commit first deployed in [from, to): Service, sha,
 * committed, first (the deployment's finish), deploymentId, viaMerge (the merge commit it came
 * in through, '' when contained itself) and minutes (negative: dropped by the aggregates).
 */
export const leadTimeSamples = `SELECT Service, sha, min(finish) AS first, argMin(deploymentId, finish) AS deploymentId, argMin(viaMerge, finish) AS viaMerge,
    min(t) AS committed, ${minutesBetween('committed', 'first')} AS minutes
  FROM (
    SELECT k.Service AS Service, k.sha AS sha, k.finish AS finish, k.deploymentId AS deploymentId, '' AS viaMerge, c.t AS t
    FROM contained AS k INNER JOIN commitTime AS c ON c.Service = k.Service AND c.CommitSha = k.sha
    WHERE k.sha NOT IN (SELECT merge FROM prCommit)
    UNION ALL
    SELECT k.Service AS Service, p.sha AS sha, k.finish AS finish, k.deploymentId AS deploymentId, p.merge AS viaMerge, p.t AS t
    FROM contained AS k INNER JOIN prCommit AS p ON p.merge = k.sha
  )
  GROUP BY Service, sha
  HAVING ${inRangeMs('first')}`;

export function leadTimeSql(q: DeliveryQuery): SqlQuery {
  const sql = `WITH ${leadTimeCtes(q)}
${groupedSelect(q, 'first', [
  'quantilesExactInclusiveIf(0.5, 0.9)(minutes, minutes >= 0) AS quantiles',
  'countIf(minutes >= 0) AS samples',
  'countIf(minutes < 0) AS droppedNegative',
], `FROM (\n  ${leadTimeSamples}\n)`)}`;
  return { sql, params: deliveryParams(q) };
}
