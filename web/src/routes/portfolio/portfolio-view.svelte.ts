import type { DoraListParams, DoraParams } from '../../lib/api/client';
import type { Router } from '../../lib/router/router.svelte';
import { DEFAULT_FROM, DEFAULT_TO, type TimeRange } from '../../lib/state/time-range.svelte';

/** What a number drills into: the deployments behind frequency, CFR and rework, lead time's commits, recovery's incidents. */
export const DRILLS = ['deployments', 'failed', 'unplanned', 'changes', 'incidents'] as const;
export type Drill = (typeof DRILLS)[number];

/** The DORA reports whose clusters label the tiles (server/api/routes/dora/bands.ts). */
export const BANDS_YEARS = [2024, 2023] as const;

/** DORA figures look at weeks and months, not the telemetry's last hour: the lens opens on 30 days. */
export const PORTFOLIO_FROM = 'now-30d';
export const PERIODS = ['7d', '30d', '90d', '180d', '365d'] as const;

export type PortfolioScope = { kind: 'organisation' } | { kind: 'team'; team: string } | { kind: 'service'; service: string };

const DAY = 86_400_000;

/**
 * The Portfolio lens's view, all of it in the URL (`?team=` or `?service=`, `?bands=2023`,
 * `?drill=failed`, and the time range), so a link reproduces what someone looked at.
 */
export class PortfolioView {
  readonly #router: Router;
  readonly #range: TimeRange;
  #service = $derived.by(() => this.#router.param('service'));
  #team = $derived.by(() => this.#router.param('team'));
  #year = $derived.by(() => {
    const y = Number(this.#router.param('bands'));
    return (BANDS_YEARS as readonly number[]).includes(y) ? y : BANDS_YEARS[0];
  });
  #drill = $derived.by(() => {
    const d = this.#router.param('drill');
    return (DRILLS as readonly string[]).includes(d) ? (d as Drill) : undefined;
  });

  constructor(router: Router, range: TimeRange) {
    this.#router = router;
    this.#range = range;
  }

  /** true while the URL carries the hub's default range (the last hour): the page then asks for PORTFOLIO_FROM */
  get usesDefaultRange(): boolean {
    return this.#range.from === DEFAULT_FROM && this.#range.to === DEFAULT_TO;
  }

  /** a service wins over a team when a hand-made URL names both */
  get scope(): PortfolioScope {
    if (this.#service) return { kind: 'service', service: this.#service };
    if (this.#team) return { kind: 'team', team: this.#team };
    return { kind: 'organisation' };
  }

  get bandsYear(): number {
    return this.#year;
  }

  get drill(): Drill | undefined {
    return this.#drill;
  }

  /** a series bucket that gives a readable trend: days up to a month, weeks up to half a year, then months */
  get bucket(): 'day' | 'week' | 'month' {
    const { from, to } = this.#range.resolved;
    const days = Number.isFinite(from) && Number.isFinite(to) ? (to - from) / DAY : 30;
    return days <= 31 ? 'day' : days <= 190 ? 'week' : 'month';
  }

  /** the scope and range for the lists and the breakdown */
  get listParams(): DoraListParams {
    const scope = this.scope;
    return { ...this.#range.params, service: scope.kind === 'service' ? scope.service : undefined, team: scope.kind === 'team' ? scope.team : undefined };
  }

  get params(): DoraParams {
    return { ...this.listParams, bucket: this.bucket, bandsYear: this.#year };
  }

  /** a new scope closes the drill-down, unless it opens `drill` in it (a number in the breakdown) */
  setScope(scope: PortfolioScope, drill?: Drill): void {
    this.#router.setQuery({ service: scope.kind === 'service' ? scope.service : undefined, team: scope.kind === 'team' ? scope.team : undefined, drill });
  }

  setBandsYear(year: number): void {
    this.#router.setQuery({ bands: year === BANDS_YEARS[0] ? undefined : year }, { replace: true });
  }

  openDrill(drill: Drill | undefined): void {
    this.#router.setQuery({ drill });
  }
}
