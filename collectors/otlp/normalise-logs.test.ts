import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../server/storage/rows.js';
import { normaliseLogs } from './normalise-logs.js';
import { attrs, logRecord, logs, str, T0 } from './testing.js';

describe('normaliseLogs', () => {
  it('maps a log record to an otel_logs row as the ClickHouse exporter does', () => {
    const result = normaliseLogs(
      logs([
        logRecord({
          severityNumber: 17,
          severityText: 'ERROR',
          body: str('card declined'),
          attributes: attrs({ 'invoice.id': 42n }),
          flags: 0x101,
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'eee19b7ec3c1b174',
          eventName: 'billing.declined',
        }),
      ]),
    );
    expect(result.rejected).toBe(0);
    expect(result.rows.otel_logs).toEqual<LogRow[]>([
      {
        Timestamp: '1795563358.123456789',
        TraceId: '5b8efff798038103d269b633813fc60c',
        SpanId: 'eee19b7ec3c1b174',
        TraceFlags: 1,
        SeverityText: 'ERROR',
        SeverityNumber: 17,
        ServiceName: 'billing',
        Body: 'card declined',
        ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        ResourceAttributes: { 'service.name': 'billing' },
        ScopeSchemaUrl: '',
        ScopeName: 'billing',
        ScopeVersion: '2',
        ScopeAttributes: { team: 'payments' },
        LogAttributes: { 'invoice.id': '42' },
        EventName: 'billing.declined',
      },
    ]);
  });

  it('uses the observed time when the record has no time of its own', () => {
    const [row] = normaliseLogs(logs([logRecord({ timeUnixNano: 0n, observedTimeUnixNano: T0 + 5n })])).rows.otel_logs!;
    expect(row!.Timestamp).toBe('1795563358.123456794');
  });

  it.each([
    ['a string body as it is', str('plain'), 'plain'],
    ['a map body as JSON', { type: 'kvlist' as const, value: attrs({ invoice: 42n, paid: false }) }, '{"invoice":42,"paid":false}'],
    ['a number body as its text', { type: 'int' as const, value: 42n }, '42'],
    ['no body as ""', { type: 'empty' as const, value: null }, ''],
  ])('writes %s', (_what, body, text) => {
    expect(normaliseLogs(logs([logRecord({ body })])).rows.otel_logs![0]!.Body).toBe(text);
  });

  it('stores all-zero trace context as none', () => {
    const [row] = normaliseLogs(logs([logRecord({ traceId: '0'.repeat(32), spanId: '0'.repeat(16) })])).rows.otel_logs!;
    expect(row).toMatchObject({ TraceId: '', SpanId: '' });
  });

  it('refuses records it cannot store one by one and keeps the rest', () => {
    const result = normaliseLogs(
      logs([
        logRecord({ body: str('good-1') }),
        logRecord({ body: str('short-trace'), traceId: '5b8efff7' }),
        logRecord({ body: str('not-hex-span'), spanId: 'xyz' }),
        logRecord({ body: str('severity'), severityNumber: 300 }),
        logRecord({ body: str('good-2'), traceId: '5b8efff798038103d269b633813fc60c' }),
      ]),
    );
    expect(result.rows.otel_logs!.map((r) => r.Body)).toEqual(['good-1', 'good-2']);
    expect(result.rejected).toBe(3);
    expect(result.errors).toEqual([
      'resourceLogs[0].scopeLogs[0].logRecords[1].traceId: expected 32 hex characters or none, got "5b8efff7"',
      'resourceLogs[0].scopeLogs[0].logRecords[2].spanId: expected 16 hex characters or none, got "xyz"',
      'resourceLogs[0].scopeLogs[0].logRecords[3].severityNumber: expected 0-255, got 300',
    ]);
  });
});
