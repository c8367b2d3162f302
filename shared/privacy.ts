/**
 * GET /api/v1/privacy's answer (the Privacy page): how many values the OTLP collector
 * scrubbed before storage (collectors/otlp/scrub.ts), per day, service and kind. Kept apart
 * from api.ts so the report's types travel as one module.
 */

/** Values of one kind scrubbed from one service's data on one day (UTC), in one signal. */
export interface RedactionDay {
  /** YYYY-MM-DD, the day the hub received the data */
  day: string;
  service: string;
  /** traces, logs or metrics */
  signal: string;
  /** key (a credential-named attribute), bearer, basic, jwt, email, card, or an operator's pattern name */
  kind: string;
  count: number;
}

export interface PrivacyResult {
  /** the days covered, YYYY-MM-DD, both included */
  from: string;
  to: string;
  /** newest day first, then by service, signal and kind */
  days: RedactionDay[];
  /** every kind's count over the range, most first */
  totals: Array<{ kind: string; count: number }>;
}
