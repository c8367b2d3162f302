import { z } from 'zod';

/**
 * The lowest SeverityNumber of each OTel severity name: TRACE 1–4, DEBUG 5–8, INFO 9–12,
 * WARN 13–16, ERROR 17–20, FATAL 21–24 (logs data model, "SeverityNumber").
 * https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber
 */
export const severityFloor = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

/** `severity`: a name (any case) or a number 1–24 → the minimum SeverityNumber to keep. */
export const severityParam = z.string().transform((text, ctx) => {
  const byName = severityFloor[text.toUpperCase() as keyof typeof severityFloor];
  if (byName !== undefined) return byName;
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (n >= 1 && n <= 24) return n;
  ctx.addIssue({ code: 'custom', message: `expected ${Object.keys(severityFloor).join(', ')} or a severity number 1–24, got "${text}"` });
  return z.NEVER;
});
