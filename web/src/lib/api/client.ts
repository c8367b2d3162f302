import type {
  AlertAck,
  AlertAckParams,
  AlertsResult,
  AuditResult,
  SilenceCreateParams,
  SilenceInfo,
  SilencesResult,
  BusinessResult,
  ApiError,
  CatalogResult,
  CostAnomaliesResult,
  CostBudgetsResult,
  CostGroupBy,
  CostResult,
  CostUnitResult,
  DependenciesResult,
  DoraBreakdownResult,
  DoraChangeItem,
  DoraDeploymentItem,
  DoraIncidentItem,
  DoraList,
  DoraResult,
  EventsResult,
  HostMetricsResult,
  HostResult,
  HostsResult,
  IncidentDetail,
  IncidentsResult,
  IngestInfoResult,
  FacetsResult,
  OidcInfo,
  LogsAroundResult,
  LogsResult,
  LogVolumeResult,
  MetricQueryResult,
  MetricsListResult,
  ServiceResult,
  ServicesResult,
  SessionInfo,
  SloDetail,
  SlosResult,
  TraceLatencyResult,
  TraceResult,
  TracesResult,
} from '$shared/api';
import type { AdoptionResult } from '$shared/adoption';
import type { PrivacyResult } from '$shared/privacy';
import type { DashboardResult, DashboardsResult, PanelDataResult } from '$shared/dashboards';
import type { MetricAttributesResult, MetricBucketsResult } from '$shared/metrics';

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

/** GET /api/v1/dependencies (docs/service-map.md) */
export interface DependenciesParams extends RangeParams {
  /** only the calls from or to this service */
  service?: string;
}

/** GET /api/v1/traces and /traces/facets (docs/search.md) */
export interface TracesParams extends RangeParams {
  /** a part of the name, any case; `"name"` in double quotes for the whole name */
  service?: string;
  operation?: string;
  status?: 'error' | 'ok' | 'unset' | '';
  /** span durations in [minDurationMs, maxDurationMs), as from/to */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** attribute filters, `key=value`, `key!=value`, `key=~regex`, `key>=N` … (repeated) */
  filter?: string | string[];
  limit?: number;
  /** the previous page's nextCursor */
  cursor?: string;
}

export interface LogsParams extends RangeParams {
  /** full-text term */
  q?: string;
  service?: string;
  /** minimum severity text, e.g. WARN */
  severity?: string;
  traceId?: string;
  spanId?: string;
  /** attribute filters, `key=value` (`resource.host.name=node-1`), `key=~regex`, `key>=N` … (repeated) */
  filter?: string | string[];
  /** where `q` looks: body and attribute values (default) or the body alone */
  in?: 'all' | 'body';
  limit?: number;
  /** the previous page's nextCursor */
  cursor?: string;
}

export interface LogVolumeParams extends Omit<LogsParams, 'limit' | 'cursor'> {
  /** bucket width in seconds; the server picks one when absent */
  step?: number;
}

export interface LogsAroundParams {
  service: string;
  timeUnixNano: string;
  /** records each side */
  count?: number;
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

/** GET /api/v1/audit (admin): changes in the range, newest first */
export interface AuditParams extends RangeParams {
  /** one user or token name */
  actor?: string;
  /** one action (`silence.create`) or every action of a thing (`silence`) */
  action?: string;
  limit?: number;
  /** the previous page's nextCursor */
  cursor?: string;
}

export interface MetricQueryParams extends RangeParams {
  name: string;
  /** the point type, when the name is stored as two */
  type?: string;
  agg?: string;
  groupBy?: string;
  step?: number;
  /** `key=value`, repeated: values of one key are alternatives, keys must all match */
  filter?: string | string[];
  /** up to this many exemplars (≤ 200) beside the frames */
  exemplars?: number;
}

/** GET /api/v1/metrics/:name/attributes: a metric's labels and their most frequent values */
export interface MetricAttributesParams extends RangeParams {
  type?: string;
  key?: string;
  /** only values holding this text */
  search?: string;
  limit?: number;
}

export type MetricBucketsParams = Omit<MetricQueryParams, 'agg' | 'groupBy' | 'type'>;

/** GET /api/v1/dashboards/:id/panels/:panel; variables as `var-<name>` */
export type PanelDataParams = RangeParams & { step?: number } & Record<`var-${string}`, string>;

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

/** POST /api/v1/session: a local user's name and password, or an API token pasted instead */
export type LoginParams = { username: string; password: string } | { token: string };

/** The session route: its 401 is a wrong password or token for the login page to show, not a lost session. */
const sessionPath = '/api/v1/session';

export interface ApiClientOptions {
  /**
   * Called before a 401 from any route but the session's is thrown: the session is gone
   * (never made, expired, logged out in another tab), so the app can send the user to log in.
   */
  onUnauthorized?: (error: ApiRequestError) => void;
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

type QueryValue = string | number | undefined | null | Array<string | number>;

/**
 * Builds `path?query`, leaving out empty values so the server applies its defaults.
 * @example withQuery('/api/v1/logs', { q: 'timeout', service: '' }) // '/api/v1/logs?q=timeout'
 */
export function withQuery(path: string, params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [string, QueryValue][]) {
    if (value === undefined || value === null || value === '') continue;
    // an array repeats the parameter (filter=a&filter=b)
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as ApiError).message === 'string' && typeof (body as ApiError).code === 'string';
}

/** The typed client for the hub's query API (`/api/v1`), over `fetch`. */
export function createApiClient(base = '', fetchImpl: typeof fetch = (...args) => fetch(...args), options: ApiClientOptions = {}) {
  /** GETs answer JSON; a POST may answer nothing (204), which resolves to undefined. `json` is sent as the body. */
  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, params: object, signal?: AbortSignal, json?: unknown): Promise<T> {
    const url = base + withQuery(path, params);
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }) };
      response = await fetchImpl(url, { method, signal, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
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
      const error = isApiError(body)
        ? new ApiRequestError(body.message, response.status, body.code, body.requestId, body.details)
        : new ApiRequestError(`${response.status} ${response.statusText || 'error'} from ${path}`, response.status, 'http');
      if (response.status === 401 && path !== sessionPath) options.onUnauthorized?.(error);
      throw error;
    }
    if (body === undefined && method === 'GET') throw new ApiRequestError(`${path} answered ${response.status} without a JSON body`, response.status, 'invalid_body');
    return body as T;
  }
  const get = <T>(path: string, params: object, signal?: AbortSignal) => request<T>('GET', path, params, signal);

  return {
    /** whether this hub asks for a login, and who is logged in; never a 401 */
    session: (signal?: AbortSignal) => get<SessionInfo>(sessionPath, {}, signal),
    /** logs in: the answer sets the HttpOnly session cookie that fetch sends from then on */
    login: (p: LoginParams, signal?: AbortSignal) => request<SessionInfo>('POST', sessionPath, {}, signal, p),
    /** logs out: the hub ends the session and clears the cookie (204) */
    logout: (signal?: AbortSignal) => request<undefined>('DELETE', sessionPath, {}, signal),
    /** whether the login page offers single sign-on (OCTOLENS_OIDC_ISSUER), and the IdP's name */
    oidc: (signal?: AbortSignal) => get<OidcInfo>(`${sessionPath}/oidc`, {}, signal),
    /** the OTLP ports this hub receives on, for the "send data" hints */
    ingest: (signal?: AbortSignal) => get<IngestInfoResult>('/api/v1/ingest', {}, signal),
    services: (p: ServicesParams, signal?: AbortSignal) => get<ServicesResult>('/api/v1/services', p, signal),
    service: (name: string, p: ServiceParams, signal?: AbortSignal) =>
      get<ServiceResult>(`/api/v1/services/${encodeURIComponent(name)}`, p, signal),
    traces: (p: TracesParams, signal?: AbortSignal) => get<TracesResult>('/api/v1/traces', p, signal),
    dependencies: (p: DependenciesParams, signal?: AbortSignal) => get<DependenciesResult>('/api/v1/dependencies', p, signal),
    trace: (traceId: string, signal?: AbortSignal) => get<TraceResult>(`/api/v1/traces/${encodeURIComponent(traceId)}`, {}, signal),
    logs: (p: LogsParams, signal?: AbortSignal) => get<LogsResult>('/api/v1/logs', p, signal),
    traceFacets: (p: Omit<TracesParams, 'limit' | 'cursor'>, signal?: AbortSignal) => get<FacetsResult>('/api/v1/traces/facets', p, signal),
    /** the search's spans per log-scale duration bucket (docs/search.md) */
    traceLatency: (p: Omit<TracesParams, 'limit' | 'cursor'>, signal?: AbortSignal) => get<TraceLatencyResult>('/api/v1/traces/latency', p, signal),
    logFacets: (p: Omit<LogsParams, 'limit' | 'cursor'>, signal?: AbortSignal) => get<FacetsResult>('/api/v1/logs/facets', p, signal),
    logVolume: (p: LogVolumeParams, signal?: AbortSignal) => get<LogVolumeResult>('/api/v1/logs/volume', p, signal),
    logsAround: (p: LogsAroundParams, signal?: AbortSignal) => get<LogsAroundResult>('/api/v1/logs/around', p, signal),
    metrics: (p: MetricsListParams, signal?: AbortSignal) => get<MetricsListResult>('/api/v1/metrics', p, signal),
    metricQuery: (p: MetricQueryParams, signal?: AbortSignal) => get<MetricQueryResult>('/api/v1/metrics/query', p, signal),
    metricAttributes: (name: string, p: MetricAttributesParams, signal?: AbortSignal) =>
      get<MetricAttributesResult>(`/api/v1/metrics/${encodeURIComponent(name)}/attributes`, p, signal),
    metricBuckets: (p: MetricBucketsParams, signal?: AbortSignal) => get<MetricBucketsResult>('/api/v1/metrics/buckets', p, signal),
    dashboards: (signal?: AbortSignal) => get<DashboardsResult>('/api/v1/dashboards', {}, signal),
    dashboard: (id: string, signal?: AbortSignal) => get<DashboardResult>(`/api/v1/dashboards/${encodeURIComponent(id)}`, {}, signal),
    panelData: (id: string, panel: string, p: PanelDataParams, signal?: AbortSignal) =>
      get<PanelDataResult>(`/api/v1/dashboards/${encodeURIComponent(id)}/panels/${encodeURIComponent(panel)}`, p, signal),
    slos: (signal?: AbortSignal) => get<SlosResult>('/api/v1/slos', {}, signal),
    /** `id` is an instance id (`<slo>/<k=v,…>` for group instances): one encoded path segment */
    slo: (id: string, signal?: AbortSignal) => get<SloDetail>(`/api/v1/slos/${encodeURIComponent(id)}`, {}, signal),
    /** reads the spec directory again; the list's `errors` then say what did not load */
    reloadSlos: (signal?: AbortSignal) => request<unknown>('POST', '/api/v1/slos/reload', {}, signal),
    alerts: (signal?: AbortSignal) => get<AlertsResult>('/api/v1/alerts', {}, signal),
    /** `id` holds `:` and maybe `/`: one encoded path segment */
    ackAlert: (id: string, p: AlertAckParams, signal?: AbortSignal) => request<AlertAck>('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, {}, signal, p),
    silences: (signal?: AbortSignal) => get<SilencesResult>('/api/v1/silences', {}, signal),
    createSilence: (p: SilenceCreateParams, signal?: AbortSignal) => request<SilenceInfo>('POST', '/api/v1/silences', {}, signal, p),
    /** ends the silence now; it stays listed as expired */
    expireSilence: (id: string, signal?: AbortSignal) => request<SilenceInfo>('DELETE', `/api/v1/silences/${encodeURIComponent(id)}`, {}, signal),
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
    /** the daily privacy report: values scrubbed before storage, per day, service and kind */
    privacy: (p: RangeParams & { service?: string }, signal?: AbortSignal) => get<PrivacyResult>('/api/v1/privacy', p, signal),
    /** who changed what and when (admin only: anyone else gets a 403 that says why) */
    audit: (p: AuditParams, signal?: AbortSignal) => get<AuditResult>('/api/v1/audit', p, signal),
    business: (p: BusinessParams, signal?: AbortSignal) => get<BusinessResult>('/api/v1/business', p, signal),
    host: (name: string, p: RangeParams, signal?: AbortSignal) => get<HostResult>(`/api/v1/hosts/${encodeURIComponent(name)}`, p, signal),
    hostMetrics: (name: string, p: RangeParams & { step?: number }, signal?: AbortSignal) =>
      get<HostMetricsResult>(`/api/v1/hosts/${encodeURIComponent(name)}/metrics`, p, signal),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
