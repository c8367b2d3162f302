import { Hono } from 'hono';
import type { IngestInfoResult } from '../../../../shared/api.js';

/**
 * `GET /api/v1/ingest`: where this hub takes telemetry, for the UI's "send data" hints; the
 * ports are the configured ones (OCTOLENS_OTLP_PORT, OCTOLENS_OTLP_GRPC_PORT), the host is
 * whatever the user reaches the hub at, which only the browser knows.
 */
export function ingestRoutes(info: IngestInfoResult): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json(info satisfies IngestInfoResult));
  return app;
}
