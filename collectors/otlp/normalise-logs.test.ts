import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../server/storage/rows.js';
import { normaliseLogs } from './normalise-logs.js';
import { scrubConfigSchema, Scrubber } from './scrub.js';
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

  it('scrubs bodies and log, scope and resource attributes; a resource counts once for all its records', () => {
    const request = logs([
      logRecord({ body: str('password reset sent to ann@example.org'), attributes: attrs({ 'http.request.header.authorization': 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }) }),
      logRecord({ body: str('Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l') }),
    ]);
    request.resourceLogs[0]!.resource.attributes.push(...attrs({ 'owner.email': 'payments@example.org' }));
    request.resourceLogs[0]!.scopeLogs[0]!.scope.attributes.push(...attrs({ api_key: 'k-1' }));
    const { rows, redactions } = normaliseLogs(request, undefined, new Scrubber(scrubConfigSchema.parse({})));
    expect(rows.otel_logs!.map((r) => r.Body)).toEqual(['password reset sent to [REDACTED:email]', 'Authorization: Basic [REDACTED:basic]']);
    expect(rows.otel_logs![0]!.LogAttributes).toEqual({ 'http.request.header.authorization': '[REDACTED]' });
    expect(rows.otel_logs![0]!.ResourceAttributes).toEqual({ 'service.name': 'billing', 'owner.email': '[REDACTED:email]' });
    expect(rows.otel_logs![0]!.ScopeAttributes).toEqual({ team: 'payments', api_key: '[REDACTED]' });
    expect(redactions).toEqual([
      { service: 'billing', kind: 'email', count: 2 },
      { service: 'billing', kind: 'key', count: 2 },
      { service: 'billing', kind: 'basic', count: 1 },
    ]);
  });

  it('stores bodies as sent without a scrubber', () => {
    const { rows, redactions } = normaliseLogs(logs([logRecord({ body: str('ann@example.org') })]));
    expect(rows.otel_logs![0]!.Body).toBe('ann@example.org');
    expect(redactions).toEqual([]);
  });
});
