/**
 * Which commits each successful target deployment contains, and `cfact`: every contained
 * commit with the first deployment that shipped it (lead time's samples, the explicit cause
 * of an incident naming a commit). After `dep` and `succ` (events.ts). Rules: docs/dora.md,
 * "Lead time for changes".
 */
import { millis, minutesBetween, scopeCondition, type DeriveScope } from '../scope.js';

const changesIn = (q: DeriveScope, extra: string[] = []) => `SELECT Service, Repo, CommitSha, Branch, PrNumber, CommittedAt FROM changes FINAL
    WHERE ${[...scopeCondition(q), `${millis('CommittedAt')} > 0`, ...extra].join(' AND ')}`;

/**
 * The successful target deployments that contain commits by window (no commit list of their
 * own, not rollbacks), keyed by the branch and time of the commit they deployed: an ASOF
 * join of a commit on (Service, Branch, CommittedAt <= commitTime) finds the first of them
 * that deployed a commit at least as new on the same branch.
 */
const windowDeploymentsCte = (q: DeriveScope) => `deployedCommit AS (
  SELECT Service, CommitSha, min(CommittedAt) AS t, argMin(Branch, PrNumber) AS branch
  FROM changes FINAL
  WHERE ${[...scopeCondition(q), `CommitSha IN (SELECT commit FROM succ)`].join(' AND ')}
  GROUP BY Service, CommitSha
  HAVING ${millis('t')} > 0
),
windowDep AS (
  SELECT s.Service AS Service, c.branch AS branch, c.t AS commitTime, min(s.finish) AS finish, argMin(s.DeploymentId, s.finish) AS deploymentId
  FROM succ AS s INNER JOIN deployedCommit AS c ON c.Service = s.Service AND c.CommitSha = s.commit
  WHERE empty(s.commits) AND s.kind != 'rollback'
  GROUP BY s.Service, c.branch, c.t
)`;

/**
 * - `contained` (Service, sha, finish, deploymentId): a deployment with a commit list
 *   (CommitShas) contains those commits; one without (and not a rollback) contains the
 *   commits of its service on the branch of the commit it deployed, committed after the
 *   previous such deployment's commit and up to and including its own (ASOF join);
 * - `commitTime`: each contained commit's time;
 * - `pr`, `prCommit`: a contained commit that is a pull/merge request's MergeCommitSha
 *   (squash or rebase merge) stands for the request's own commits: rows with its Repo and
 *   PrNumber, or pushed to its head branch (PrNumber 0) no later than it merged. They keep
 *   their own times, so the request's first commit starts the lead time.
 * - `cfact` (Service, sha, first, deploymentId, viaMerge, committed, sample, minutes): one row
 *   per commit a deployment contains (itself or through a merge) and per deployed commit.
 *   A sample has a known time and is not a merge commit standing for its request; `first` is
 *   the finish of the first deployment containing it (for a sample, the first through which it
 *   counts); minutes = committed → first, negative ones are dropped by the aggregates.
 */
export const commitFactsCtes = (q: DeriveScope) => `${windowDeploymentsCte(q)},
contained AS (
  SELECT Service, arrayJoin(commits) AS sha, finish, DeploymentId AS deploymentId FROM succ WHERE notEmpty(commits)
  UNION ALL
  SELECT c.Service AS Service, c.CommitSha AS sha, w.finish AS finish, w.deploymentId AS deploymentId
  FROM (${changesIn(q)}) AS c
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
    FROM (${changesIn(q, ['PrNumber > 0'])}) AS c INNER JOIN pr AS p ON c.Repo = p.Repo AND c.PrNumber = p.PrNumber
    WHERE c.CommitSha != p.merge
    UNION ALL
    SELECT p.merge AS merge, c.CommitSha AS sha, c.CommittedAt AS ct
    FROM (${changesIn(q, ['PrNumber = 0'])}) AS c INNER JOIN pr AS p ON c.Repo = p.Repo AND c.Branch = p.head
    WHERE p.head != '' AND c.CommitSha != p.merge AND c.CommittedAt <= p.mergedAt
  )
  GROUP BY merge, sha
),
cfact AS (
  SELECT Service, sha,
    max(isSample) AS sample,
    if(sample, minIf(finish, isSample), min(finish)) AS first,
    if(sample, argMinIf(deploymentId, finish, isSample), argMin(deploymentId, finish)) AS deploymentId,
    argMinIf(viaMerge, finish, isSample) AS viaMerge,
    minIf(t, isSample) AS committed,
    if(sample, ${minutesBetween('committed', 'first')}, 0) AS minutes
  FROM (
    SELECT k.Service AS Service, k.sha AS sha, k.finish AS finish, k.deploymentId AS deploymentId, '' AS viaMerge, c.t AS t, 1 AS isSample
    FROM contained AS k INNER JOIN commitTime AS c ON c.Service = k.Service AND c.CommitSha = k.sha
    WHERE k.sha NOT IN (SELECT merge FROM prCommit)
    UNION ALL
    SELECT k.Service AS Service, p.sha AS sha, k.finish AS finish, k.deploymentId AS deploymentId, p.merge AS viaMerge, p.t AS t, 1 AS isSample
    FROM contained AS k INNER JOIN prCommit AS p ON p.merge = k.sha
    UNION ALL
    SELECT Service, sha, finish, deploymentId, '' AS viaMerge, toDateTime64(0, 3) AS t, 0 AS isSample FROM contained
    UNION ALL
    SELECT Service, commit AS sha, finish, DeploymentId AS deploymentId, '' AS viaMerge, toDateTime64(0, 3) AS t, 0 AS isSample FROM succ WHERE commit != ''
  )
  GROUP BY Service, sha
)`;
