import { Hono } from 'hono';
import type { HubMetrics } from '../../../telemetry/metrics.js';
import type { Readiness } from './readiness.js';

export interface HealthDeps {
  metrics: HubMetrics;
  isReady: () => Promise<Readiness>;
}

/**
 * `/healthz` (the process answers), `/readyz` (its stores answer; 503 naming those that do
 * not) and `/metrics` (Prometheus text). Every process serves them on OCTOLENS_PORT whatever
 * its roles, and collectors on the OTLP port too, so probes and scrapes reach each role.
 */
export function healthRoutes(deps: HealthDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', async (c) => {
    const ready = await deps.isReady();
    return ready === true ? c.text('ready') : c.text(`not ready: no answer from ${ready.join(', ')}`, 503);
  });
  app.get('/metrics', async (c) => c.text(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType }));
  return app;
}
