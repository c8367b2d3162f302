/**
 * A CDEvent → deployments, changes or incidents rows. Pure: no I/O, no clock. Times are the
 * event's context.timestamp, so a redelivery derives the very same rows.
 *
 * | CDEvent                                 | rows                                                        |
 * |-----------------------------------------|-------------------------------------------------------------|
 * | service.deployed, service.upgraded      | a successful deployment, kind planned                       |
 * | service.rolledback                      | a successful deployment, kind rollback, back to its commit  |
 * | change.created, change.merged           | a change, when the subject id is a commit sha               |
 * | incident.detected, incident.reported    | an incident, triggered                                      |
 * | incident.resolved                       | an incident, resolved                                       |
 * | anything else (service.removed, …)      | none: raw_events only                                       |
 *
 * service.removed is not a deployment (nothing new runs) and names none to cancel, so it
 * derives nothing.
 */
import { ZodError, type z } from 'zod';
import { formatMillis, type ChangeRow, type DeploymentRow, type IncidentRow } from '../../server/storage/rows.js';
import { DeliveryError } from '../delivery/errors.js';
import { isProduction, serviceOfRepo } from '../delivery/mapping.js';
import { describeIssues } from '../delivery/route.js';
import type { RowsByTable } from '../encode.js';
import type { CdeventsConfig } from './config.js';
import { changeEvent, incidentEvent, serviceEvent, type ChangeEvent, type IncidentEvent, type ServiceEvent } from './schema.js';

/** `dev.cdevents.<subject>.<predicate>.<version>` → "subject.predicate"; undefined for a type that is not a CDEvent. */
export function cdeventKind(type: string): string | undefined {
  return /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?$/i.exec(type)?.slice(1, 3).join('.').toLowerCase();
}

const COMMIT = /^[0-9a-f]{7,40}$/i;
/** A commit sha, not a number or a date such as 20261130: hex with at least one letter. */
export const isCommitSha = (s: string) => COMMIT.test(s) && /[a-f]/i.test(s);

/**
 * The commit an artifact was built from, when its package URL's version is one
 * (pkg:github/acme/checkout-api@9f3c1e2…, pkg:golang/…@234fd47e07d1004f0aed9c); '' for an image
 * digest (pkg:oci/app@sha256%3A…), a release version, or an id that is no package URL.
 * @example commitOfArtifact('pkg:github/acme/api@9F3C1E27B4D8') === '9f3c1e27b4d8'
 */
export function commitOfArtifact(artifactId: string | undefined): string {
  if (!artifactId?.startsWith('pkg:')) return '';
  const path = artifactId.split('#', 1)[0]!.split('?', 1)[0]!;
  const at = path.lastIndexOf('@');
  if (at < 0) return '';
  let version: string;
  try {
    version = decodeURIComponent(path.slice(at + 1));
  } catch {
    return '';
  }
  return isCommitSha(version) ? version.toLowerCase() : '';
}

const serviceOf = (id: string, config: Pick<CdeventsConfig, 'serviceMap'>) => (Object.hasOwn(config.serviceMap, id) ? config.serviceMap[id]! : id);

export function deploymentRow(event: ServiceEvent, kind: 'planned' | 'rollback', deliveryId: string, config: CdeventsConfig): DeploymentRow {
  const { subject, context } = event;
  const at = formatMillis(context.timestamp);
  const commit = commitOfArtifact(subject.content.artifactId);
  return {
    DeploymentId: `cdevents:${deliveryId}`,
    Source: 'cdevents',
    Service: serviceOf(subject.id, config),
    Repo: '',
    Environment: subject.content.environment.id,
    IsProduction: isProduction(subject.content.environment.id, config),
    // A service.* event reports a service that runs: the deployment is done and succeeded.
    Status: 'success',
    ReportedAt: at,
    StartedAt: formatMillis(0),
    FinishedAt: at,
    CommitSha: commit,
    CommitShas: [],
    Artifact: subject.content.artifactId,
    Kind: kind,
    // a rollback's artifact is the earlier one it returns to
    RollbackOf: kind === 'rollback' ? commit : '',
    Url: '',
    DeliveryId: deliveryId,
  };
}

/**
 * A CDEvents change is a pull/merge request or a Gerrit change; its id is a number or a name
 * more often than a commit. Only a commit sha says which commit it is, so only then is there
 * a row: the commit's time is the event's (created: when it was proposed, merged: when it
 * landed), the earliest CDEvents gives.
 */
export function changeRow(event: ChangeEvent, deliveryId: string, config: CdeventsConfig): ChangeRow | undefined {
  const { subject, context } = event;
  const repo = subject.content.repository?.id;
  if (!repo || !isCommitSha(subject.id)) return undefined;
  const at = formatMillis(context.timestamp);
  return {
    Repo: repo,
    CommitSha: subject.id.toLowerCase(),
    Service: serviceOfRepo(repo, config),
    Source: 'cdevents',
    Branch: '',
    AuthoredAt: at,
    CommittedAt: at,
    PrNumber: 0,
    PrCreatedAt: formatMillis(0),
    PrMergedAt: formatMillis(0),
    MergeCommitSha: '',
    ReportedAt: at,
    DeliveryId: deliveryId,
  };
}

export function incidentRow(event: IncidentEvent, status: 'triggered' | 'resolved', deliveryId: string, config: CdeventsConfig): IncidentRow {
  const { subject, context, customData } = event;
  const at = formatMillis(context.timestamp);
  const severity = customData !== null && typeof customData === 'object' && typeof (customData as { severity?: unknown }).severity === 'string' ? (customData as { severity: string }).severity : '';
  return {
    // Subject ids are shared by every event about the same incident (CDEvents spec, subject id).
    IncidentId: `cdevents:${subject.id}`,
    Provider: 'cdevents',
    Service: subject.content.service ? serviceOf(subject.content.service.id, config) : '',
    Status: status,
    At: at,
    // detected/reported open the incident; resolved does not say when it was opened
    CreatedAt: status === 'triggered' ? at : formatMillis(0),
    Severity: severity,
    Title: subject.content.description,
    CauseDeploymentId: '',
    // An incident names the artifact its service ran when it was detected: the commit that
    // artifact was built from is its explicit cause. On resolved, the artifact is the fix.
    CauseCommitSha: status === 'triggered' ? commitOfArtifact(subject.content.artifactId) : '',
    Url: subject.content.ticketURI ?? '',
    DeliveryId: deliveryId,
  };
}

/**
 * The rows a CDEvent of `kind` derives from its `data`; {} for a kind Octolens does not use.
 * A field it reads that is missing or wrong is a 400 naming its JSON path in the body.
 */
export function normaliseCdevent(kind: string | undefined, data: unknown, dataPath: string[], deliveryId: string, config: CdeventsConfig): RowsByTable {
  const parse = <T extends z.ZodType>(schema: T): z.infer<T> => {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => ({ ...issue, path: [...dataPath, ...issue.path] }));
    throw new DeliveryError('malformed', describeIssues(new ZodError(issues)));
  };
  switch (kind) {
    case 'service.deployed':
    case 'service.upgraded':
      return { deployments: [deploymentRow(parse(serviceEvent), 'planned', deliveryId, config)] };
    case 'service.rolledback':
      return { deployments: [deploymentRow(parse(serviceEvent), 'rollback', deliveryId, config)] };
    case 'change.created':
    case 'change.merged': {
      const row = changeRow(parse(changeEvent), deliveryId, config);
      return row ? { changes: [row] } : {};
    }
    case 'incident.detected':
    case 'incident.reported':
      return { incidents: [incidentRow(parse(incidentEvent), 'triggered', deliveryId, config)] };
    case 'incident.resolved':
      return { incidents: [incidentRow(parse(incidentEvent), 'resolved', deliveryId, config)] };
    default:
      return {};
  }
}
