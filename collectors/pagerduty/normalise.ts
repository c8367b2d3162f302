/** A decoded PagerDuty incident transition → one incidents row. Pure: no I/O, no clock. */
import { formatMillis, type IncidentRow } from '../../server/storage/rows.js';
import type { DecodedWebhook } from './decode.js';

/** The Octolens service of a PagerDuty service: configured by id, then by name, else its name. */
export function serviceOf(service: { id: string; summary: string }, serviceMap: Record<string, string>): string {
  if (Object.hasOwn(serviceMap, service.id)) return serviceMap[service.id]!;
  if (Object.hasOwn(serviceMap, service.summary)) return serviceMap[service.summary]!;
  return service.summary;
}

export function normaliseIncident(decoded: Extract<DecodedWebhook, { kind: 'incident' }>, serviceMap: Record<string, string>): IncidentRow {
  const { event } = decoded.webhook;
  const data = event.data;
  return {
    IncidentId: `pagerduty:${data.id}`,
    Provider: 'pagerduty',
    Service: serviceOf(data.service, serviceMap),
    Status: decoded.status,
    At: formatMillis(event.occurred_at),
    CreatedAt: formatMillis(data.created_at),
    // The account's priority (P1…) when it has one set, else PagerDuty's urgency (high, low).
    Severity: data.priority?.summary || data.urgency || '',
    Title: data.title,
    // A PagerDuty incident names no deployment or commit; links are made by time, per service.
    CauseDeploymentId: '',
    CauseCommitSha: '',
    Url: data.html_url,
    DeliveryId: event.id,
  };
}
