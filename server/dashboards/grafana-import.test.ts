import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafanaDashboard } from './grafana-import.js';
import { parseDashboardFile } from './load.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata/grafana-otel.json'), 'utf8')) as unknown;

describe('importGrafanaDashboard', () => {
  const result = importGrafanaDashboard(fixture, 'grafana-otel.json');

  it('converts the ClickHouse SQL panels to a dashboard that loads', async () => {
    expect(result.panels).toBe(3);
    await expect(result.yaml).toMatchFileSnapshot('testdata/grafana-otel.yaml');
    const loaded = parseDashboardFile('grafana-otel.yaml', result.yaml!);
    expect(loaded.errors).toEqual([]);
    expect(loaded.dashboard!.panels.map((p) => [p.id, p.chart, p.unit, p.grid])).toEqual([
      ['panel-1', 'timeseries', 'reqps', { x: 0, y: 0, w: 12, h: 8 }],
      ['panel-2', 'stat', 'short', { x: 12, y: 0, w: 6, h: 8 }],
      ['panel-5', 'table', 'short', { x: 0, y: 9, w: 24, h: 8 }],
    ]);
  });

  it('reports every part it did not convert', () => {
    expect(result.report).toEqual([
      'variable datasource (datasource): not converted, a dashboard here has one data source and no datasource variables',
      'variable service: a query variable, kept as the 2 values it saved (make it "source: services" or "source: label" to keep it current)',
      'variable operation (query): not converted, it saved no values to keep',
      'panel 2 "Errors": 2 queries; only A is kept (a panel runs one query here)',
      'panel 2 "Errors": ${service:singlequote}: the singlequote format is not applied; the value is bound as a string',
      'panel 3 "Latency heatmap" (heatmap): not converted, no heatmap chart here (timeseries, stat, table, bar)',
      'panel 6 "By operation": not converted, it uses $operation, not a converted variable',
      'panel 7 "Builder query": not converted, no SQL target (a query-builder target saves no SQL)',
      'panel 8 "From Prometheus": not converted, its data source is prometheus, not ClickHouse',
      'panel 9 "Conditional": ${service:singlequote}: the singlequote format is not applied; the value is bound as a string',
      'panel 9 "Conditional": not converted, its SQL cannot run here: $__conditionalAll not supported',
    ]);
  });

  it('writes nothing for a dashboard without a convertible panel', () => {
    expect(importGrafanaDashboard({ panels: [{ id: 1, type: 'text', title: 'Readme' }] }, 'x.json')).toEqual({
      panels: 0,
      report: ['panel 1 "Readme" (text): not converted, no text chart here (timeseries, stat, table, bar)', 'no panel could be converted: nothing written'],
    });
  });
});
