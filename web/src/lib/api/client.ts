import type {
  AlertsResult,
  BusinessResult,
  ApiError,
  CatalogResult,
  CostAnomaliesResult,
  CostBudgetsResult,
  CostGroupBy,
  CostResult,
  CostUnitResult,
  DoraBreakdownResult,
  DoraChangeItem,
  DoraDeploymentItem,
  DoraIncidentItem,
  DoraList,
  DoraResult,
  EventsResult,
  HostResult,
  HostsResult,
  IncidentDetail,
  IncidentsResult,
  LogsResult,
  MetricQueryResult,
  MetricsListResult,
  ServiceResult,
  ServicesResult,
  SloDetail,
  SlosResult,
  TraceResult,
  TracesResult,
} from '$shared/api';
import type { AdoptionResult } from '$shared/adoption';

/** A time window as the API takes it: `now-1h`, RFC 3339 or epoch milliseconds. */
export interface RangeParams {
  from?: string;
  to?: string;
}

export type ServicesParams = RangeParams;

export interface ServiceParams extends RangeParams {
  /** bucket width in seconds; the server picks one when absent */
  step?: number;
}

export interface TracesParams extends RangeParams {
  service?: string;
  operation?: string;
  status?: 'error' | 'ok' | 'unset' | '';
  minDurationMs?: number;
  maxDurationMs?: number;
  limit?: number;
}

export interface LogsParams extends RangeParams {
  /** full-text term */
  q?: string;
  service?: string;
  /** minimum severity text, e.g. WARN */
  severity?: string;
  traceId?: string;
  spanId?: string;
  limit?: number;
}

export type MetricsListParams = RangeParams;

export interface EventsParams extends RangeParams {
  service?: string;
  /** deploys of this environment instead of production's */
  environment?: string;
}

export interface IncidentsParams extends RangeParams {
  service?: string;
  team?: string;
  severity?: string;
  status?: 'open' | 'acknowledged' | 'resolved' | '';
  limit?: number;
}

export interface MetricQueryParams extends RangeParams {
  name: string;
  agg?: string;
  groupBy?: string;
  step?: number;
  /** `key=value` */
  filter?: string;
}

/** GET /api/v1/dora and its breakdown and drill-down lists (docs/dora.md) */
export interface DoraParams extends RangeParams {
  service?: string;
  team?: string;
  environment?: string;
  bucket?: 'day' | 'week' | 'month';
  bandsYear?: number;
}

export interface DoraListParams extends RangeParams {
  service?: string;
  team?: string;
  environment?: string;
  limit?: number;
}

/** GET /api/v1/adoption (docs/adoption.md) */
/** GET /api/v1/business (docs/business.md) */
export interface BusinessParams extends RangeParams {
  name?: string;
  service?: string;
  deployment?: string;
  window?: string;
}

export interface AdoptionParams {
  team?: string;
  /** days of trend, today included */
  days?: number;
}

/** GET /api/v1/cost (docs/cost.md) */
export interface CostParams extends RangeParams {
  groupBy?: CostGroupBy;
  currency?: string;
  team?: string;
}

/** A non-2xx answer (or no answer): carries the API's own message so the page can show it. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId = '',
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type QueryValue = string | number | undefined | null;

/**
 * Builds `path?query`, leaving out empty values so the server applies its defaults.
 * @example withQuery('/api/v1/logs', { q: 'timeout', service: '' }) // '/api/v1/logs?q=timeout'
 */
export function withQuery(path: string, params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [string, QueryValue][]) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as ApiError).message === 'string' && typeof (body as ApiError).code === 'string';
}

/** The typed client for the hub's query API (`/api/v1`), over `fetch`. */
export function createApiClient(base = '', fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  /** GETs answer JSON; a POST may answer nothing (204), which resolves to undefined. */
  async function request<T>(method: 'GET' | 'POST', path: string, params: object, signal?: AbortSignal): Promise<T> {
    const url = base + withQuery(path, params);
    let response: Response;
    try {
      response = await fetchImpl(url, { method, signal, headers: { accept: 'application/json' } });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiRequestError(`could not reach the hub at ${url}: ${(err as Error).message}`, 0, 'network');
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      if (isApiError(body)) throw new ApiRequestError(body.message, response.status, body.code, body.requestId, body.details);
      throw new ApiRequestError(`${response.status} ${response.statusText || 'error'} from ${path}`, response.status, 'http');
    }
    if (body === undefined && method === 'GET') throw new ApiRequestError(`${path} answered ${response.status} without a JSON body`, response.status, 'invalid_body');
    return body as T;
  }
  const get = <T>(path: string, params: object, signal?: AbortSignal) => request<T>('GET', path, params, signal);

  return {
    services: (p: ServicesParams, signal?: AbortSignal) => get<ServicesResult>('/api/v1/services', p, signal),
    service: (name: string, p: ServiceParams, signal?: AbortSignal) =>
      get<ServiceResult>(`/api/v1/services/${encodeURIComponent(name)}`, p, signal),
    traces: (p: TracesParams, signal?: AbortSignal) => get<TracesResult>('/api/v1/traces', p, signal),
    trace: (traceId: string, signal?: AbortSignal) => get<TraceResult>(`/api/v1/traces/${encodeURIComponent(traceId)}`, {}, signal),
    logs: (p: LogsParams, signal?: AbortSignal) => get<LogsResult>('/api/v1/logs', p, signal),
    metrics: (p: MetricsListParams, signal?: AbortSignal) => get<MetricsListResult>('/api/v1/metrics', p, signal),
    metricQuery: (p: MetricQueryParams, signal?: AbortSignal) => get<MetricQueryResult>('/api/v1/metrics/query', p, signal),
    slos: (signal?: AbortSignal) => get<SlosResult>('/api/v1/slos', {}, signal),
    /** `id` is an instance id (`<slo>/<k=v,…>` for group instances): one encoded path segment */
    slo: (id: string, signal?: AbortSignal) => get<SloDetail>(`/api/v1/slos/${encodeURIComponent(id)}`, {}, signal),
    /** reads the spec directory again; the list's `errors` then say what did not load */
    reloadSlos: (signal?: AbortSignal) => request<unknown>('POST', '/api/v1/slos/reload', {}, signal),
    alerts: (signal?: AbortSignal) => get<AlertsResult>('/api/v1/alerts', {}, signal),
    events: (p: EventsParams, signal?: AbortSignal) => get<EventsResult>('/api/v1/events', p, signal),
    dora: (p: DoraParams, signal?: AbortSignal) => get<DoraResult>('/api/v1/dora', p, signal),
    doraBreakdown: (p: DoraParams, signal?: AbortSignal) => get<DoraBreakdownResult>('/api/v1/dora/breakdown', p, signal),
    doraDeployments: (p: DoraListParams & { filter?: 'all' | 'failed' | 'unplanned' }, signal?: AbortSignal) =>
      get<DoraList<DoraDeploymentItem>>('/api/v1/dora/deployments', p, signal),
    doraChanges: (p: DoraListParams, signal?: AbortSignal) => get<DoraList<DoraChangeItem>>('/api/v1/dora/changes', p, signal),
    doraIncidents: (p: DoraListParams, signal?: AbortSignal) => get<DoraList<DoraIncidentItem>>('/api/v1/dora/incidents', p, signal),
    incidents: (p: IncidentsParams, signal?: AbortSignal) => get<IncidentsResult>('/api/v1/incidents', p, signal),
    incident: (id: string, signal?: AbortSignal) => get<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`, {}, signal),
    catalog: (p: RangeParams, signal?: AbortSignal) => get<CatalogResult>('/api/v1/catalog', p, signal),
    cost: (p: CostParams, signal?: AbortSignal) => get<CostResult>('/api/v1/cost', p, signal),
    /** `month` YYYY-MM, default this month */
    costBudgets: (p: { month?: string }, signal?: AbortSignal) => get<CostBudgetsResult>('/api/v1/cost/budgets', p, signal),
    costAnomalies: (p: RangeParams & { currency?: string }, signal?: AbortSignal) => get<CostAnomaliesResult>('/api/v1/cost/anomalies', p, signal),
    costUnit: (p: RangeParams & { currency?: string }, signal?: AbortSignal) => get<CostUnitResult>('/api/v1/cost/unit', p, signal),
    adoption: (p: AdoptionParams, signal?: AbortSignal) => get<AdoptionResult>('/api/v1/adoption', p, signal),
    hosts: (p: RangeParams, signal?: AbortSignal) => get<HostsResult>('/api/v1/hosts', p, signal),
    business: (p: BusinessParams, signal?: AbortSignal) => get<BusinessResult>('/api/v1/business', p, signal),
    host: (name: string, p: RangeParams, signal?: AbortSignal) => get<HostResult>(`/api/v1/hosts/${encodeURIComponent(name)}`, p, signal),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
