/** Row shapes more than one delivery source writes the same way. */
import { formatMillis, type ChangeRow } from '../../server/storage/rows.js';

export interface PushedCommit {
  repo: string;
  service: string;
  source: string;
  branch: string;
  sha: string;
  /** the commit's time as the push reports it (sources give one time, authored and committed alike) */
  timestampMs: number;
  /** 0 for a commit seen before (a re-push), so the row of its first push wins under FINAL */
  reportedAtMs: number;
  deliveryId: string;
}

/**
 * A commit a push reported, not (yet) tied to a pull or merge request.
 * @example pushedCommitRow({ repo: 'acme/api', service: 'api', source: 'github', branch: 'main', sha, timestampMs, reportedAtMs, deliveryId })
 */
export function pushedCommitRow(c: PushedCommit): ChangeRow {
  return {
    Repo: c.repo,
    CommitSha: c.sha,
    Service: c.service,
    Source: c.source,
    Branch: c.branch,
    AuthoredAt: formatMillis(c.timestampMs),
    CommittedAt: formatMillis(c.timestampMs),
    PrNumber: 0,
    PrCreatedAt: formatMillis(0),
    PrMergedAt: formatMillis(0),
    MergeCommitSha: '',
    ReportedAt: formatMillis(c.reportedAtMs),
    DeliveryId: c.deliveryId,
  };
}
