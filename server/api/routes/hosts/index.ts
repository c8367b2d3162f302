import { Hono } from 'hono';
import type { DiskForecast, HostResult, HostsResult, HostSummary } from '../../../../shared/api.js';
import { diskForecastSql, hostsSql, type DiskForecastRow, type HostRow } from '../../../query/hosts/hosts-query.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';

/** The disk-full trend is fitted over this much history before `to`, whatever range the page shows. */
export const FORECAST_WINDOW_MS = 6 * 3_600_000;

const summary = (r: HostRow): HostSummary => ({
  name: r.host,
  services: r.services,
  pods: r.pods,
  nodes: r.nodes,
  containers: r.containers,
  lastSeen: Number(r.lastSeenMs),
  spans: Number(r.spans),
  logs: Number(r.logs),
  points: Number(r.points),
});

const forecast = (r: DiskForecastRow): DiskForecast => {
  const fullAt = r.fullAtMs === null ? null : Number(r.fullAtMs);
  return {
    device: r.device,
    mountpoint: r.mountpoint,
    usedBytes: Number(r.usedBytes),
    usableBytes: Number(r.usableBytes),
    capacityBytes: Number(r.capacityBytes),
    // as df's Use%: used ÷ (used + available)
    utilization: Number(r.usableBytes) > 0 ? Number(r.usedBytes) / Number(r.usableBytes) : null,
    bytesPerHour: Number(r.slopeBytesPerSecond) * 3600,
    fullAt,
    secondsToFull: fullAt === null ? null : Math.max(0, Math.round((fullAt - Number(r.atMs)) / 1000)),
    points: Number(r.points),
  };
};

/** GET /api/v1/hosts and /hosts/:name (docs/infrastructure.md). */
export function hostsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const rangeQuery = checkRange(timeRangeQuery.strict(), limits.searchRange);

  app.get('/', validate('query', rangeQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const q = hostsSql({ fromMs: from, toMs: to });
    const rows = await store.query<HostRow>(q.sql, q.params);
    return c.json({ range: { from, to }, hosts: rows.map(summary) } satisfies HostsResult);
  });

  app.get('/:name', validate('query', rangeQuery), async (c) => {
    const host = c.req.param('name');
    const { from, to } = c.req.valid('query');
    const hostQ = hostsSql({ fromMs: from, toMs: to, host });
    const diskQ = diskForecastSql({ fromMs: to - FORECAST_WINDOW_MS, toMs: to, host });
    const [[row], disks] = await Promise.all([store.query<HostRow>(hostQ.sql, hostQ.params), store.query<DiskForecastRow>(diskQ.sql, diskQ.params)]);
    if (!row) throw new AppError('not_found', `no host "${host}": no span, log record or metric point with host.name "${host}" in the range`);
    return c.json({ range: { from, to }, host: summary(row), filesystems: disks.map(forecast), forecastWindowMs: FORECAST_WINDOW_MS } satisfies HostResult);
  });

  return app;
}
