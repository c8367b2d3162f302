/**
 * One JSON POST with retries, shared by every notification target.
 *
 * Transient failures (network errors, timeouts, 5xx, 429) are retried with exponential
 * backoff, honouring a `Retry-After` in seconds up to the backoff cap. A 4xx other than 429
 * means the body or the URL is wrong, so it is not retried: the error carries the response
 * body, which is where Alertmanager and Slack say what they did not like.
 */

export interface RetryPolicy {
  /** tries in all, the first included */
  attempts: number;
  /** wait before the first retry; doubles after each */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** per request */
  timeoutMs: number;
}

export const defaultRetryPolicy = (): RetryPolicy => ({ attempts: 4, initialBackoffMs: 500, maxBackoffMs: 8_000, timeoutMs: 10_000 });

export class PostError extends Error {
  override name = 'PostError';
  constructor(
    message: string,
    /** the last HTTP status, undefined after a network error */
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const MAX_BODY_IN_ERROR = 500;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as delta-seconds (what Slack and proxies send); HTTP dates are ignored. */
function retryAfterMs(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  return header && /^\d+$/.test(header.trim()) ? Number(header) * 1000 : undefined;
}

/** POSTs `body` as JSON; resolves on 2xx, rejects with a PostError once retries are spent or on a permanent error. */
export async function postJson(url: string, body: unknown, policy: RetryPolicy = defaultRetryPolicy()): Promise<void> {
  const payload = JSON.stringify(body);
  let backoff = policy.initialBackoffMs;
  let last: PostError | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let wait = backoff;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await res.text().catch(() => '');
      if (res.ok) return;
      const shown = text.length > MAX_BODY_IN_ERROR ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text;
      const retryable = res.status >= 500 || res.status === 429;
      last = new PostError(`POST ${redact(url)} → ${res.status}${shown ? `: ${shown.trim()}` : ''}`, res.status, retryable);
      if (!retryable) throw last;
      wait = Math.max(wait, Math.min(retryAfterMs(res) ?? 0, policy.maxBackoffMs));
    } catch (err) {
      if (err instanceof PostError) throw err;
      const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      last = new PostError(`POST ${redact(url)} failed: ${reason}`, undefined, true);
    }
    if (attempt < policy.attempts) {
      await sleep(wait);
      backoff = Math.min(backoff * 2, policy.maxBackoffMs);
    }
  }
  throw new PostError(`${last!.message} (gave up after ${policy.attempts} attempts)`, last!.status, true);
}

/**
 * A URL fit for a log line: Slack webhook URLs carry their secret in the path and others
 * may carry credentials, so only the origin and the path's first segment are kept.
 * @example redact('https://hooks.slack.com/services/T0/B0/secret') === 'https://hooks.slack.com/services/…'
 */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split('/').filter(Boolean)[0];
    const rest = u.pathname.split('/').filter(Boolean).length > 1 || u.search ? '/…' : '';
    return `${u.protocol}//${u.host}${first ? `/${first}` : ''}${rest}`;
  } catch {
    return '(invalid URL)';
  }
}
