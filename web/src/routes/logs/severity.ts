/** OpenTelemetry severity names, lowest first (logs data model, SeverityNumber ranges of four). */
export const severities = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

export type SeverityLevel = (typeof severities)[number] | 'UNSET';

/**
 * The level of a record: from its number when set (1–4 TRACE … 21–24 FATAL), else from its text.
 * @example severityLevel(17, 'error') // 'ERROR'
 */
export function severityLevel(severityNumber: number, severityText: string): SeverityLevel {
  if (severityNumber >= 1 && severityNumber <= 24) return severities[Math.floor((severityNumber - 1) / 4)]!;
  const text = severityText.toUpperCase();
  if (text.startsWith('WARN')) return 'WARN';
  if (text === 'CRITICAL' || text === 'EMERGENCY') return 'FATAL';
  return (severities as readonly string[]).find((s) => text.startsWith(s)) as SeverityLevel | undefined ?? 'UNSET';
}
