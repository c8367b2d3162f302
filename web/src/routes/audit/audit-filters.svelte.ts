import type { AuditParams } from '../../lib/api/client';
import type { Router } from '../../lib/router/router.svelte';
import type { TimeRange } from '../../lib/state/time-range.svelte';
import { knownAction, type AuditAction } from './entries';

/**
 * The audit page's filters. They live in the URL (`?actor=&action=`), like the time range,
 * so a link reproduces the list; this class reads them and writes them back.
 */
export class AuditFilters {
  readonly #router: Router;
  readonly #range: TimeRange;
  #actor = $derived.by(() => this.#router.param('actor').trim());
  #action = $derived.by(() => knownAction(this.#router.param('action')));

  constructor(router: Router, range: TimeRange) {
    this.#router = router;
    this.#range = range;
  }

  get actor(): string {
    return this.#actor;
  }

  get action(): AuditAction | '' {
    return this.#action;
  }

  /** the API call's parameters: the picked time range and the filters, none when empty */
  get params(): AuditParams {
    return { ...this.#range.params, actor: this.actor || undefined, action: this.action || undefined };
  }

  get active(): boolean {
    return Boolean(this.actor || this.action);
  }

  set(patch: { actor?: string; action?: string }): void {
    this.#router.setQuery(patch, { replace: true });
  }

  clear(): void {
    this.set({ actor: '', action: '' });
  }
}
