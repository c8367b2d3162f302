import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FactsPendingError } from '../delivery/rollup.js';
import { QueryLimitError } from '../storage/index.js';

/** Closed list of error codes; each maps to one status. */
export const errorStatus = {
  bad_request: 400,
  /** no credential, or one that does not check out */
  unauthorized: 401,
  /** a credential that checks out but lacks the scope */
  forbidden: 403,
  not_found: 404,
  /** the request asks for more than a query may cost (rows, memory, series): narrow it */
  query_too_large: 422,
  /** past the principal's rate limit (OCTOLENS_RATE_LIMIT_*): retry after Retry-After */
  rate_limited: 429,
  unavailable: 503,
  /** the query ran past its time limit; it may pass when the store is less busy */
  query_timeout: 503,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The one renderer for API errors: `{code, message, details, requestId}`; a 500 never leaks err.message. */
export function renderError(err: unknown, c: Context) {
  const requestId = (c.get('requestId' as never) as string | undefined) ?? '';
  if (err instanceof AppError) {
    if (err.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="octolens"');
    return c.json({ code: err.code, message: err.message, details: err.details, requestId }, errorStatus[err.code]);
  }
  if (err instanceof QueryLimitError) {
    const code: ErrorCode = err.bound === 'time' ? 'query_timeout' : 'query_too_large';
    return c.json({ code, message: err.message, details: { bound: err.bound, limit: err.limit, setting: err.setting }, requestId }, errorStatus[code]);
  }
  if (err instanceof FactsPendingError) {
    c.header('Retry-After', '5');
    return c.json({ code: 'unavailable', message: err.message, details: { done: err.done, total: err.total }, requestId }, errorStatus.unavailable);
  }
  // PostgreSQL text and jsonb cannot hold NUL (SQLSTATE 22021 in text, 22P05 in jsonb; PGlite and node-postgres alike): a request's string that holds one is refused
  const sqlState = (err as { code?: unknown } | null)?.code;
  if (sqlState === '22021' || sqlState === '22P05') {
    return c.json({ code: 'bad_request', message: 'a value holds a NUL character (\\u0000), which names and text in the metadata store cannot hold', requestId }, errorStatus.bad_request);
  }
  console.error(`[${requestId}] ${c.req.method} ${c.req.path}:`, err);
  return c.json({ code: 'internal', message: 'internal error', requestId }, 500);
}
