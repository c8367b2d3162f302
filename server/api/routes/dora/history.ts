/**
 * The constructed delivery history the DORA int tests measure (GET /api/v1/dora and the
 * Portfolio routes), with every expected value worked out by hand below.
 */
import { recordSeenServices } from '../../../meta/services.js';
import { formatMillis, type ChangeRow, type DeploymentRow, type IncidentRow } from '../../../storage/rows.js';
import type { TestApi } from '../testing.js';

// T0 is a Monday, 00:00 UTC; the range is its week [T0, T0 + 7d).
export const T0 = Date.UTC(2025, 2, 3);
export const H = 3_600_000;
export const D = 24 * H;
const at = (ms: number) => formatMillis(ms);

function deployment(id: string, service: string, status: DeploymentRow['Status'], finishedMs: number, commit: string, more: Partial<DeploymentRow> = {}): DeploymentRow {
  return {
    DeploymentId: id, Source: 'events', Service: service, Repo: `acme/${service}`, Environment: 'production', IsProduction: true,
    Status: status, ReportedAt: at(finishedMs), StartedAt: at(finishedMs - 600_000), FinishedAt: at(finishedMs),
    CommitSha: commit, CommitShas: [], Artifact: '', Kind: 'planned', RollbackOf: '', Url: '', DeliveryId: `d-${id}-${status}`, ...more,
  };
}

function change(service: string, sha: string, committedMs: number, more: Partial<ChangeRow> = {}): ChangeRow {
  return {
    Repo: `acme/${service}`, CommitSha: sha, Service: service, Source: 'events', Branch: 'main', AuthoredAt: at(committedMs), CommittedAt: at(committedMs),
    PrNumber: 0, PrCreatedAt: at(0), PrMergedAt: at(0), MergeCommitSha: '', ReportedAt: at(committedMs), DeliveryId: `c-${sha}`, ...more,
  };
}

function incident(id: string, service: string, status: IncidentRow['Status'], atMs: number, openedMs: number, more: Partial<IncidentRow> = {}): IncidentRow {
  return {
    IncidentId: id, Provider: 'events', Service: service, Status: status, At: at(atMs), CreatedAt: at(openedMs), Severity: 'sev2', Title: id,
    CauseDeploymentId: '', CauseCommitSha: '', Url: '', DeliveryId: `i-${id}-${status}`, ...more,
  };
}

/*
 * checkout (team payments):
 *   D0  success  T0-1d        deploys c0 (before the range: its window holds c0)
 *   D1  success  T0+1d 10:00  deploys m1, the squash merge of PR #7 (p1 T0 10:00, p2 T0+1d 02:00, and p3 pushed to its
 *                             head branch T0+1d 03:00) plus c2 on main (T0+1d 08:00). Lead: p1 1440, p2 480, p3 420, c2 120
 *                             min (m1 stands for the PR and is not a sample). Stored twice (a redelivery).
 *   D2  failure  T0+2d 10:00  c3: not a deployment
 *   S1  success  T0+2d 11:30  staging, c4: ignored
 *   D3  success  T0+2d 12:00  c4; window (m1, c4] = c3 (09:00) 180, c4 (11:00) 60
 *   I1  opened   T0+2d 14:00, resolved 15:00, no cause → heuristic D3 (2 h before): recovery 12:00 → 15:00 = 180
 *   D4  success  T0+2d 14:30  hotfix, c5 (14:15) 15; also the first deployment after I1 opened, before it resolved
 *   D5  success  T0+4d 10:00  c6 (09:00) 60; rolled back by R1
 *   R1  success  T0+4d 11:00  rollback of D5, back to c4
 *   I4  opened   T0+4d 11:30, resolved 12:00, cause commit c6 → explicit D5 (by window): recovery 10:00 → 12:00 = 120
 *   I2  opened   T0+5d, resolved T0+5d 02:00, cause deployment D1 (heuristic would say R1): recovery 1d10h → 5d2h = 5280
 * ledger (team finance):
 *   L1  success  T0 12:00     commit list [l1 (11:00) 60, l2 (13:00, after the deploy: dropped, counted)]
 *   I3  opened   T0+4d 10:30  30 min after checkout's D5; ledger's last deployment is 4 days old → not linked
 *
 * Organisation: 6 deployments (D1 D3 D4 D5 R1 L1) on 4 days (d0 d1 d2 d4), perDay 6/7.
 *   failed: D1 (I2), D3 (I1), D5 (rollback, I4) → 3/6; unplanned: D4 (hotfix), R1 (rollback) → 2/6.
 *   lead [15 60 60 60 120 180 420 480 1440]: median 120, p90 = 480 + 0.2·960 = 672; dropped 1.
 *   recovery [120 180 5280]: median 180, p90 = 180 + 0.8·5100 = 4260.
 * Team payments (checkout): 5 deployments on 3 days, CFR 3/5, rework 2/5,
 *   lead [15 60 60 120 180 420 480 1440]: median 150, p90 = 480 + 0.3·960 = 768.
 */
export async function insertDoraHistory(api: TestApi): Promise<void> {
  const d1 = deployment('D1', 'checkout', 'success', T0 + D + 10 * H, 'm1');
  await api.insert('deployments', [
    deployment('D0', 'checkout', 'success', T0 - D, 'c0'),
    deployment('D1', 'checkout', 'in_progress', T0 + D + 9.5 * H, 'm1', { FinishedAt: at(0) }),
    d1,
    deployment('D2', 'checkout', 'failure', T0 + 2 * D + 10 * H, 'c3'),
    deployment('S1', 'checkout', 'success', T0 + 2 * D + 11.5 * H, 'c4', { Environment: 'staging', IsProduction: false }),
    deployment('D3', 'checkout', 'success', T0 + 2 * D + 12 * H, 'c4'),
    deployment('D4', 'checkout', 'success', T0 + 2 * D + 14.5 * H, 'c5', { Kind: 'hotfix' }),
    deployment('D5', 'checkout', 'success', T0 + 4 * D + 10 * H, 'c6'),
    deployment('R1', 'checkout', 'success', T0 + 4 * D + 11 * H, 'c4', { Kind: 'rollback', RollbackOf: 'D5' }),
    deployment('L1', 'ledger', 'success', T0 + 12 * H, 'l1', { CommitShas: ['l1', 'l2'] }),
  ]);
  await api.insert('deployments', [d1]);
  const pr = { PrNumber: 7, PrCreatedAt: at(T0 + 10 * H), PrMergedAt: at(T0 + D + 9 * H), MergeCommitSha: 'm1', Branch: 'feature/x' };
  await api.insert('changes', [
    change('checkout', 'c0', T0 - D - H),
    change('checkout', 'p1', T0 + 10 * H, pr),
    change('checkout', 'p2', T0 + D + 2 * H, pr),
    change('checkout', 'p3', T0 + D + 3 * H, { Branch: 'feature/x' }),
    change('checkout', 'c2', T0 + D + 8 * H),
    change('checkout', 'm1', T0 + D + 9 * H),
    change('checkout', 'c3', T0 + 2 * D + 9 * H),
    change('checkout', 'c4', T0 + 2 * D + 11 * H),
    change('checkout', 'c5', T0 + 2 * D + 14.25 * H),
    change('checkout', 'c6', T0 + 4 * D + 9 * H),
    change('ledger', 'l1', T0 + 11 * H),
    change('ledger', 'l2', T0 + 13 * H),
  ]);
  const i1 = [incident('I1', 'checkout', 'triggered', T0 + 2 * D + 14 * H, T0 + 2 * D + 14 * H), incident('I1', 'checkout', 'resolved', T0 + 2 * D + 15 * H, T0 + 2 * D + 14 * H)];
  await api.insert('incidents', [
    ...i1,
    incident('I2', 'checkout', 'triggered', T0 + 5 * D, T0 + 5 * D, { CauseDeploymentId: 'D1' }),
    incident('I2', 'checkout', 'resolved', T0 + 5 * D + 2 * H, T0 + 5 * D, { CauseDeploymentId: 'D1' }),
    incident('I3', 'ledger', 'triggered', T0 + 4 * D + 10.5 * H, T0 + 4 * D + 10.5 * H),
    incident('I3', 'ledger', 'resolved', T0 + 4 * D + 12 * H, T0 + 4 * D + 10.5 * H),
    incident('I4', 'checkout', 'triggered', T0 + 4 * D + 11.5 * H, T0 + 4 * D + 11.5 * H, { CauseCommitSha: 'c6' }),
    incident('I4', 'checkout', 'resolved', T0 + 4 * D + 12 * H, T0 + 4 * D + 11.5 * H),
  ]);
  await api.insert('incidents', i1);
  const seen = { firstSeen: new Date(T0 - 30 * D), lastSeen: new Date(T0) };
  await recordSeenServices({ db: api.meta, input: [{ name: 'checkout', ...seen }, { name: 'ledger', ...seen }] });
  await api.meta.updateTable('services').set({ team: 'payments' }).where('name', '=', 'checkout').execute();
  await api.meta.updateTable('services').set({ team: 'finance' }).where('name', '=', 'ledger').execute();
}
