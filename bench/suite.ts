/**
 * Every benchmark `npm run bench` runs, in this order, and how each is started. Each one
 * starts what it needs, measures, stops, and writes bench/results/<results>.{md,json}
 * (bench/report.ts reads the JSON; the benchmarks listed without one write markdown only).
 */
export interface Benchmark {
  name: string;
  /** what it measures, one line */
  doc: string;
  /** the script, from the repo root, run under tsx */
  script: string;
  /** arguments the suite passes (each script's own defaults otherwise) */
  args?: string[];
  /** base name of what it writes under bench/results */
  results: string;
  /** tools it needs beside node (skipped, and said so, when missing) */
  needs?: string[];
}

export const benchmarks: Benchmark[] = [
  { name: 'idle-memory', doc: 'RSS of a hub right after start, and what holds it', script: 'bench/idle-memory/run.ts', results: 'idle-memory' },
  { name: 'ingest-traces', doc: 'OTLP/HTTP traces end to end into embedded chDB, beside the engine’s Native-insert ceiling; peak RSS', script: 'bench/ingest-traces/run.ts', results: 'ingest-traces' },
  { name: 'ingest-logs', doc: 'OTLP/HTTP logs end to end into embedded chDB, beside the Native-insert ceiling; disk bytes per record against raw OTLP JSON', script: 'bench/ingest-logs/run.ts', results: 'ingest-logs' },
  { name: 'otlp-transport', doc: 'OTLP/gRPC beside OTLP/HTTP into one hub', script: 'bench/otlp-transport/run.ts', results: 'otlp-transport' },
  { name: 'remote-write', doc: 'Prometheus remote_write into Octolens, Prometheus and VictoriaMetrics, alternating', script: 'bench/remote-write/run.ts', results: 'remote-write', needs: ['prometheus', 'victoria-metrics'] },
  { name: 'scale-out', doc: 'collectors and workers over Redis beside embedded mode; the queue’s cost per span', script: 'bench/scale-out/run.ts', results: 'scale-out', needs: ['redis-server'] },
  { name: 'queries', doc: 'the API’s reads over 10M spans, 10M log records and 10M points: p50/p95', script: 'bench/queries/run.ts', results: 'queries' },
  { name: 'http-body', doc: 'the HTTP server CPU of reading a request body, readBody beside the web stream', script: 'bench/http-body/run.ts', results: 'http-body' },
  { name: 'otlp-decode', doc: 'decode + normalise + encode CPU per span, and the writer’s merge per insert, one thread', script: 'bench/otlp-decode/run.ts', results: 'otlp-decode' },
  { name: 'remote-write-decode', doc: 'remote_write decode + normalise CPU per sample, one thread; beside another tree with --against', script: 'bench/remote-write/decode.ts', results: 'remote-write-decode' },
  { name: 'slo-compile', doc: 'SLO YAML to Prometheus rules', script: 'bench/slo/compile.ts', results: 'slo-compile' },
  { name: 'slo-evaluate', doc: 'burn-rate evaluation of one SLO set', script: 'bench/slo/evaluate.ts', results: 'slo-evaluate' },
  { name: 'slo-cycle', doc: 'one SLO cycle, 1,000 SLOs over 10M spans', script: 'bench/slo/cycle.ts', results: 'slo-cycle' },
  { name: 'dora', doc: 'GET /api/v1/dora over two years of 200 services', script: 'bench/dora/run.ts', results: 'dora' },
  { name: 'cost', doc: 'a 1M-row FOCUS import and the showback query', script: 'bench/cost/run.ts', results: 'cost' },
];
