import { Hono } from 'hono';
import type { ApiDeps } from '../../app.js';

export function logsRoutes(_deps: ApiDeps): Hono {
  return new Hono();
}
