import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Closed list of error codes; each maps to one status. */
export const errorStatus = {
  bad_request: 400,
  not_found: 404,
  unavailable: 503,
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
    return c.json({ code: err.code, message: err.message, details: err.details, requestId }, errorStatus[err.code]);
  }
  console.error(`[${requestId}] ${c.req.method} ${c.req.path}:`, err);
  return c.json({ code: 'internal', message: 'internal error', requestId }, 500);
}
