/**
 * A GitLab delivery as received → who sent it, which delivery it is, and what it says.
 * Headers: https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { DeliveryError } from '../delivery/errors.js';
import { describeIssues } from '../delivery/route.js';
import { safeEqual } from '../delivery/signature.js';
import {
  deploymentHook,
  envelope,
  issueHook,
  issueKind,
  mergeRequestAction,
  mergeRequestHook,
  pushHook,
  type DeploymentHook,
  type IssueHook,
  type IssueKind,
  type MergeRequestHook,
  type PushHook,
} from './schema.js';

/** What a delivery says, as far as Octolens reads it. `other`: kept in raw_events only. */
export type GitlabEvent =
  | { kind: 'deployment'; hook: DeploymentHook }
  | { kind: 'push'; hook: PushHook }
  | { kind: 'merge'; hook: MergeRequestHook }
  | { kind: 'incident'; hook: IssueHook }
  | { kind: 'other' };

/**
 * GitLab sends the webhook's secret token back as is (no signature over the body), so the
 * check is a constant-time comparison of the header with the configured token.
 */
export function authenticate(headers: Headers, token: string | undefined): void {
  if (token === undefined) return;
  const given = headers.get('x-gitlab-token');
  if (!given) throw new DeliveryError('unauthorized', 'X-Gitlab-Token is missing; set the webhook\'s secret token to OCTOLENS_GITLAB_WEBHOOK_TOKEN');
  if (!safeEqual(given, token)) throw new DeliveryError('unauthorized', 'X-Gitlab-Token does not match OCTOLENS_GITLAB_WEBHOOK_TOKEN');
}

/**
 * The key a redelivery must share with its first copy. `Idempotency-Key` (GitLab 17.4+) is
 * documented as the same across retries of one delivery. `X-Gitlab-Event-UUID` is not used:
 * webhooks triggered by earlier webhooks share it, so a bot editing an incident issue on open
 * would make the second event look like a redelivery of the first; `X-Gitlab-Webhook-UUID`
 * names the webhook, not the delivery. Without the key, the body's SHA-256: GitLab re-sends
 * the same bytes, and two different events never have the same body.
 */
export function deliveryIdOf(headers: Headers, raw: Uint8Array): string {
  const key = headers.get('idempotency-key')?.trim();
  if (key && key.length <= 200) return key;
  return createHash('sha256').update(raw).digest('hex');
}

/** object_kind for bodies without one, from X-Gitlab-Event. */
const kindOfHeader: Record<string, string> = {
  'Deployment Hook': 'deployment',
  'Push Hook': 'push',
  'Merge Request Hook': 'merge_request',
  'Issue Hook': 'issue',
  'Confidential Issue Hook': 'issue',
  'Pipeline Hook': 'pipeline',
};

/** raw_events.EventType: GitLab's own name for the event (X-Gitlab-Event), else the body's object_kind. */
export function eventTypeOf(headers: Headers, body: unknown): string {
  const header = headers.get('x-gitlab-event')?.trim();
  if (header) return header.slice(0, 100);
  const kind = envelope.safeParse(body);
  return (kind.success && kind.data.object_kind) || 'unknown';
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DeliveryError('malformed', describeIssues(parsed.error));
  return parsed.data;
}

/** Whether an issue is an incident: GitLab's incident type, or one of the incident labels. */
export function isIncident(issue: IssueKind, incidentLabels: string[]): boolean {
  const type = (issue.object_attributes.type ?? issue.object_attributes.issue_type ?? '').toLowerCase();
  if (type === 'incident') return true;
  const wanted = new Set(incidentLabels.map((l) => l.toLowerCase()));
  const labels = issue.labels ?? issue.object_attributes.labels ?? [];
  return labels.some((l) => wanted.has(l.title.toLowerCase()));
}

/**
 * The delivery's event, by its body's object_kind (what the payload is), else X-Gitlab-Event.
 * Pipeline Hooks stay `other`: a pipeline is not a deployment (its deploy jobs raise their
 * own Deployment Hooks), and its status says nothing about which environment changed.
 */
export function decodeEvent(body: unknown, headers: Headers, incidentLabels: string[]): GitlabEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DeliveryError('malformed', '(body): expected a JSON object');
  const kind = parse(envelope, body).object_kind ?? kindOfHeader[headers.get('x-gitlab-event')?.trim() ?? ''];
  switch (kind) {
    case 'deployment':
      return { kind: 'deployment', hook: parse(deploymentHook, body) };
    case 'push':
      return { kind: 'push', hook: parse(pushHook, body) };
    case 'merge_request':
      return parse(mergeRequestAction, body).object_attributes.action === 'merge' ? { kind: 'merge', hook: parse(mergeRequestHook, body) } : { kind: 'other' };
    case 'issue':
    case 'work_item':
      return isIncident(parse(issueKind, body), incidentLabels) ? { kind: 'incident', hook: parse(issueHook, body) } : { kind: 'other' };
    default:
      return { kind: 'other' };
  }
}
