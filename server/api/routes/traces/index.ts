import { Hono } from 'hono';
import type { ApiDeps } from '../../app.js';

export function tracesRoutes(_deps: ApiDeps): Hono {
  return new Hono();
}
