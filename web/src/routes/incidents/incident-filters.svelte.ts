import type { IncidentsParams } from '../../lib/api/client';
import type { Router } from '../../lib/router/router.svelte';
import type { TimeRange } from '../../lib/state/time-range.svelte';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

/**
 * The Incidents list's filters. They live in the URL (`?service=&severity=&status=`), like the
 * time range, so a link reproduces the list; this class reads them and writes them back.
 */
export class IncidentFilters {
  readonly #router: Router;
  readonly #range: TimeRange;
  #service = $derived.by(() => this.#router.param('service'));
  #severity = $derived.by(() => this.#router.param('severity'));
  #status = $derived.by(() => {
    const s = this.#router.param('status');
    return (INCIDENT_STATUSES as readonly string[]).includes(s) ? (s as (typeof INCIDENT_STATUSES)[number]) : '';
  });

  constructor(router: Router, range: TimeRange) {
    this.#router = router;
    this.#range = range;
  }

  get service(): string {
    return this.#service;
  }

  get severity(): string {
    return this.#severity;
  }

  get status(): IncidentsParams['status'] {
    return this.#status;
  }

  /** the API call's parameters: the picked time range and the filters */
  get params(): IncidentsParams {
    return { ...this.#range.params, service: this.service, severity: this.severity, status: this.status };
  }

  get active(): boolean {
    return Boolean(this.service || this.severity || this.status);
  }

  set(patch: { service?: string; severity?: string; status?: string }): void {
    this.#router.setQuery(patch, { replace: true });
  }

  clear(): void {
    this.set({ service: '', severity: '', status: '' });
  }
}
