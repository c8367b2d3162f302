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
  /** `?limit=` entries a page (the API's 1–500); the API's 100 when absent or out of range */
  #limit = $derived.by(() => {
    const n = Number(this.#router.param('limit'));
    return Number.isInteger(n) && n >= 1 && n <= 500 ? n : undefined;
  });

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

  /** the API call's parameters: the picked time range, the filters and the page size, none when empty */
  get params(): AuditParams {
    return { ...this.#range.params, actor: this.actor || undefined, action: this.action || undefined, limit: this.#limit };
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
