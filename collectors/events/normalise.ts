/** A validated events-API body → deployments, changes and incidents rows. Pure: no I/O, no clock. */
import { formatMillis, type AdoptionEventRow, type ChangeRow, type DeploymentRow, type IncidentRow } from '../../server/storage/rows.js';
import type { RowsByTable } from '../encode.js';
import { isProduction, serviceOfRepo, type ServiceMapping } from '../delivery/mapping.js';
import type { EventsBody } from './schema.js';

const at = (ms: number | undefined) => formatMillis(ms ?? 0);

export function normaliseEvents(body: EventsBody, mapping: ServiceMapping, deliveryId: string, receivedAtMs: number): RowsByTable {
  const deployments = body.deployments.map(
    (d): DeploymentRow => ({
      DeploymentId: d.id,
      Source: 'events',
      Service: d.service,
      Repo: d.repo,
      Environment: d.environment,
      IsProduction: d.production ?? isProduction(d.environment, mapping),
      Status: d.status,
      // The latest time the sender gave is when it reported this status.
      ReportedAt: at(d.finishedAt ?? d.startedAt ?? receivedAtMs),
      StartedAt: at(d.startedAt),
      FinishedAt: at(d.finishedAt),
      CommitSha: d.commit ?? '',
      CommitShas: d.commits,
      Artifact: d.artifact,
      Kind: d.kind,
      RollbackOf: d.rollbackOf,
      Url: d.url,
      DeliveryId: deliveryId,
    }),
  );
  const changes = body.changes.map(
    (c): ChangeRow => ({
      Repo: c.repo,
      CommitSha: c.sha,
      Service: c.service ?? serviceOfRepo(c.repo, mapping),
      Source: 'events',
      Branch: c.branch,
      AuthoredAt: at(c.authoredAt ?? c.committedAt),
      CommittedAt: at(c.committedAt),
      PrNumber: c.pr?.number ?? 0,
      PrCreatedAt: at(c.pr?.createdAt),
      PrMergedAt: at(c.pr?.mergedAt),
      MergeCommitSha: c.pr?.mergeCommit ?? '',
      ReportedAt: at(receivedAtMs),
      DeliveryId: deliveryId,
    }),
  );
  const incidents = body.incidents.map(
    (i): IncidentRow => ({
      IncidentId: i.id,
      Provider: 'events',
      Service: i.service,
      Status: i.status,
      At: at(i.at),
      CreatedAt: at(i.createdAt ?? i.at),
      Severity: i.severity,
      Title: i.title,
      CauseDeploymentId: i.causeDeployment,
      CauseCommitSha: i.causeCommit ?? '',
      Url: i.url,
      DeliveryId: deliveryId,
    }),
  );
  const platform = body.platform.map(
    (e): AdoptionEventRow => ({
      EventId: e.id,
      Type: e.type,
      At: at(e.at),
      Service: e.service,
      Team: e.team,
      Actor: e.actor,
      Name: e.name,
      Attributes: e.attributes,
      DeliveryId: deliveryId,
    }),
  );
  const rows: RowsByTable = {};
  if (deployments.length > 0) rows.deployments = deployments;
  if (changes.length > 0) rows.changes = changes;
  if (incidents.length > 0) rows.incidents = incidents;
  if (platform.length > 0) rows.adoption_events = platform;
  return rows;
}
