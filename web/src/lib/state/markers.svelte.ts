import type { EventMarker } from '$shared/api';
import type { ApiClient, EventsParams } from '../api/client';
import { Query } from '../api/query.svelte';
import type { ChartMarker } from '../components/chart-overlays';

/** One colour per kind, on every chart and in every marker list. */
export const markerColors: Record<EventMarker['kind'], string> = { deploy: '#3b82f6', incident: '#ef4444', alert: '#f59e0b' };

export const toChartMarker = (e: EventMarker): ChartMarker => ({ time: e.time, label: e.label, color: markerColors[e.kind] });

/**
 * Deploy, incident and alert markers for the charts of one view (GET /api/v1/events), fetched
 * again when `params` changes. `params` returning undefined (e.g. before the SLO it depends
 * on has loaded) fetches nothing. Create while a component initialises.
 * @example const markers = new EventMarkers(api, () => ({ ...range.params, service: name }));
 */
export class EventMarkers {
  #query: Query<EventMarker[]>;

  constructor(api: ApiClient, params: () => EventsParams | undefined) {
    this.#query = new Query(async (signal) => {
      const p = params();
      return p ? (await api.events(p, signal)).events : [];
    });
  }

  get events(): EventMarker[] {
    return this.#query.data ?? [];
  }

  get chart(): ChartMarker[] {
    return this.events.map(toChartMarker);
  }

  /** a failed marker fetch must not hide the chart: the page shows this beside it instead */
  get error(): Error | undefined {
    return this.#query.error;
  }
}
