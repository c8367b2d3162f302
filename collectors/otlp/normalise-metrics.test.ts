import { describe, expect, it } from 'vitest';
import type { Exemplar, NumberDataPoint } from './model.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { scrubConfigSchema, Scrubber } from './scrub.js';
import { SeriesLimiter } from '../series-limit.js';
import { attrs, metrics, T0 } from './testing.js';

const exemplar = (value: number | bigint, overrides: Partial<Exemplar> = {}): Exemplar => ({
  filteredAttributes: attrs({ 'user.id': 'u-17' }),
  timeUnixNano: T0 + 3n,
  value,
  spanId: 'eee19b7ec3c1b174',
  traceId: '5b8efff798038103d269b633813fc60c',
  ...overrides,
});
const point = (value: number | bigint, exemplars: Exemplar[] = []): NumberDataPoint => ({
  attributes: attrs({ route: '/add' }),
  startTimeUnixNano: T0,
  timeUnixNano: T0 + 1_000_000_000n,
  value,
  exemplars,
  flags: 0,
});

const common = {
  ResourceAttributes: { 'service.name': 'cart' },
  ResourceSchemaUrl: '',
  ScopeName: 'cart',
  ScopeVersion: '1',
  ScopeAttributes: {},
  ScopeDroppedAttrCount: 2,
  ScopeSchemaUrl: '',
  ServiceName: 'cart',
  Attributes: { route: '/add' },
  StartTimeUnix: '1795563358.123456789',
  TimeUnix: '1795563359.123456789',
};
const exemplarColumns = (value: number) => ({
  'Exemplars.FilteredAttributes': [{ 'user.id': 'u-17' }],
  'Exemplars.TimeUnix': ['1795563358.123456792'],
  'Exemplars.Value': [value],
  'Exemplars.SpanId': ['eee19b7ec3c1b174'],
  'Exemplars.TraceId': ['5b8efff798038103d269b633813fc60c'],
});
const noExemplars = {
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
};

describe('normaliseMetrics', () => {
  it('writes a gauge point, as_int as Float64, with its exemplars', () => {
    const { rows, rejected } = normaliseMetrics(
      metrics([{ name: 'cart.items', description: 'Items in carts', unit: '{item}', data: { type: 'gauge', dataPoints: [point(12n, [exemplar(7n)])] } }]),
    );
    expect(rejected).toBe(0);
    expect(rows.otel_metrics_gauge).toEqual([
      { ...common, MetricName: 'cart.items', MetricDescription: 'Items in carts', MetricUnit: '{item}', Value: 12, Flags: 0, ...exemplarColumns(7) },
    ]);
  });

  it('writes a sum point with its temporality and monotonicity', () => {
    const { rows } = normaliseMetrics(
      metrics([{ name: 'cart.requests', description: '', unit: '', data: { type: 'sum', aggregationTemporality: 2, isMonotonic: true, dataPoints: [point(3.5, [exemplar(1.25)])] } }]),
    );
    expect(rows.otel_metrics_sum).toEqual([
      { ...common, MetricName: 'cart.requests', MetricDescription: '', MetricUnit: '', Value: 3.5, Flags: 0, ...exemplarColumns(1.25), AggregationTemporality: 2, IsMonotonic: true },
    ]);
  });

  it('writes a histogram point, absent sum/min/max as 0 and counts as exact decimals', () => {
    const { rows } = normaliseMetrics(
      metrics([
        {
          name: 'http.server.duration',
          description: '',
          unit: 'ms',
          data: {
            type: 'histogram',
            aggregationTemporality: 1,
            dataPoints: [
              {
                attributes: attrs({ route: '/add' }),
                startTimeUnixNano: T0,
                timeUnixNano: T0 + 1_000_000_000n,
                count: 18446744073709551615n,
                sum: null,
                bucketCounts: [1n, 18446744073709551614n],
                explicitBounds: [10],
                exemplars: [exemplar(240.5)],
                flags: 1,
                min: null,
                max: 250,
              },
            ],
          },
        },
      ]),
    );
    expect(rows.otel_metrics_histogram).toEqual([
      {
        ...common,
        MetricName: 'http.server.duration',
        MetricDescription: '',
        MetricUnit: 'ms',
        Count: '18446744073709551615',
        Sum: 0,
        BucketCounts: ['1', '18446744073709551614'],
        ExplicitBounds: [10],
        ...exemplarColumns(240.5),
        Flags: 1,
        Min: 0,
        Max: 250,
        AggregationTemporality: 1,
      },
    ]);
  });

  it('writes an exponential histogram point with both bucket ranges', () => {
    const { rows } = normaliseMetrics(
      metrics([
        {
          name: 'payload.size',
          description: '',
          unit: 'By',
          data: {
            type: 'exponentialHistogram',
            aggregationTemporality: 1,
            dataPoints: [
              {
                attributes: attrs({ route: '/add' }),
                startTimeUnixNano: T0,
                timeUnixNano: T0 + 1_000_000_000n,
                count: 7n,
                sum: 9000,
                scale: -1,
                zeroCount: 1n,
                positive: { offset: 3, bucketCounts: [2n, 0n, 3n] },
                negative: { offset: -2, bucketCounts: [1n] },
                flags: 0,
                exemplars: [exemplar(2048n)],
                min: 0,
                max: 4000,
              },
            ],
          },
        },
      ]),
    );
    expect(rows.otel_metrics_exponential_histogram).toEqual([
      {
        ...common,
        MetricName: 'payload.size',
        MetricDescription: '',
        MetricUnit: 'By',
        Count: '7',
        Sum: 9000,
        Scale: -1,
        ZeroCount: '1',
        PositiveOffset: 3,
        PositiveBucketCounts: ['2', '0', '3'],
        NegativeOffset: -2,
        NegativeBucketCounts: ['1'],
        ...exemplarColumns(2048),
        Flags: 0,
        Min: 0,
        Max: 4000,
        AggregationTemporality: 1,
      },
    ]);
  });

  it('writes a summary point with its quantiles', () => {
    const { rows } = normaliseMetrics(
      metrics([
        {
          name: 'latency',
          description: '',
          unit: 's',
          data: {
            type: 'summary',
            dataPoints: [
              {
                attributes: attrs({ route: '/add' }),
                startTimeUnixNano: T0,
                timeUnixNano: T0 + 1_000_000_000n,
                count: 100n,
                sum: 12.5,
                quantileValues: [
                  { quantile: 0.5, value: 0.1 },
                  { quantile: 0.99, value: 0.9 },
                ],
                flags: 1,
              },
            ],
          },
        },
      ]),
    );
    expect(rows.otel_metrics_summary).toEqual([
      {
        ...common,
        MetricName: 'latency',
        MetricDescription: '',
        MetricUnit: 's',
        Count: '100',
        Sum: 12.5,
        'ValueAtQuantiles.Quantile': [0.5, 0.99],
        'ValueAtQuantiles.Value': [0.1, 0.9],
        Flags: 1,
      },
    ]);
  });

  it('keeps NaN and infinite values', () => {
    const { rows, rejected } = normaliseMetrics(metrics([{ name: 'g', description: '', unit: '', data: { type: 'gauge', dataPoints: [point(NaN), point(-Infinity)] } }]));
    expect(rejected).toBe(0);
    expect(rows.otel_metrics_gauge!.map((r) => r.Value)).toEqual([NaN, -Infinity]);
    expect(rows.otel_metrics_gauge![0]).toMatchObject(noExemplars);
  });

  it('refuses a point whose exemplar ids cannot be stored, keeps its siblings, and writes no rows for a metric without data', () => {
    const { rows, rejected, errors } = normaliseMetrics(
      metrics([
        { name: 'nodata', description: '', unit: '', data: null },
        { name: 'g', description: '', unit: '', data: {
            type: 'gauge',
            dataPoints: [point(1), point(2, [exemplar(1, { traceId: 'abc' })]), point(3, [exemplar(1, { spanId: '0'.repeat(16) })]), point(4, [exemplar(1), exemplar(1, { spanId: 'xyz' })])],
          },
        },
      ]),
    );
    expect(rows.otel_metrics_gauge!.map((r) => r.Value)).toEqual([1, 3]);
    expect(rows.otel_metrics_gauge![1]!['Exemplars.SpanId']).toEqual(['']);
    expect(rejected).toBe(2);
    expect(errors).toEqual([
      'resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints[1].exemplars[0].traceId: expected 32 hex characters or none, got "abc"',
      'resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints[3].exemplars[1].spanId: expected 16 hex characters or none, got "xyz"',
    ]);
  });

  it('scrubs point and exemplar attributes, and counts only the points kept', () => {
    const kept = { ...point(1, [{ ...exemplar(1), filteredAttributes: attrs({ 'user.email': 'ann@example.org' }) }]), attributes: attrs({ 'http.request.header.x-api-key': 'k' }) };
    const refused = { ...point(2, [exemplar(1, { traceId: 'abc' })]), attributes: attrs({ secret: 's' }) };
    const { rows, redactions } = normaliseMetrics(
      metrics([{ name: 'g', description: '', unit: '', data: { type: 'gauge', dataPoints: [kept, refused] } }]),
      undefined,
      new Scrubber(scrubConfigSchema.parse({})),
    );
    expect(rows.otel_metrics_gauge!.map((r) => [r.Attributes, r['Exemplars.FilteredAttributes']])).toEqual([[{ 'http.request.header.x-api-key': '[REDACTED]' }, [{ 'user.email': '[REDACTED:email]' }]]]);
    expect(redactions).toEqual([
      { service: 'cart', kind: 'key', count: 1 },
      { service: 'cart', kind: 'email', count: 1 },
    ]);
  });

  it('refuses the points of new series past the series limit, by metric, resource and attributes, and keeps the active ones', () => {
    const limiter = new SeriesLimiter({ maxPerMetric: 2, max: 100 });
    const at = (routes: Array<Record<string, string>>) => ({
      name: 'requests',
      description: '',
      unit: '',
      data: { type: 'sum' as const, aggregationTemporality: 2, isMonotonic: true, dataPoints: routes.map((a, i) => ({ ...point(i + 1), attributes: attrs(a) })) },
    });
    const first = normaliseMetrics(metrics([at([{ route: '/a', method: 'GET' }, { route: '/b', method: 'GET' }, { route: '/c', method: 'GET' }])]), undefined, null, limiter, Date.UTC(2026, 11, 3));
    expect(first.rows.otel_metrics_sum!.map((r) => r.Attributes.route)).toEqual(['/a', '/b']);
    expect([first.rejected, first.seriesLimited]).toEqual([1, 1]);
    expect(first.errors).toEqual([
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[2]: a new series of "requests" refused: it has 2 active series, the most OCTOLENS_MAX_SERIES_PER_METRIC allows (a label with unbounded values, such as a user or request id, makes one series each; a series stays active until it has sent nothing for an hour)',
    ]);
    // the same two series with their attributes in another order, a minute later: kept
    const again = normaliseMetrics(metrics([at([{ method: 'GET', route: '/b' }, { method: 'GET', route: '/a' }])]), undefined, null, limiter, Date.UTC(2026, 11, 3, 0, 1));
    expect([again.rows.otel_metrics_sum!.length, again.rejected, again.seriesLimited]).toEqual([2, 0, 0]);
    // another service's /a is another series
    const other = metrics([at([{ route: '/a', method: 'GET' }])]);
    other.resourceMetrics[0]!.resource.attributes = attrs({ 'service.name': 'shop' });
    expect(normaliseMetrics(other, undefined, null, limiter, Date.UTC(2026, 11, 3, 0, 1)).seriesLimited).toBe(1);
  });
});
