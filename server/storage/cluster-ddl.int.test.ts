import { Session } from 'chdb';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterStatements } from './cluster-ddl.js';
import { loadMigrations } from './migrate.js';

const migrations = loadMigrations({ retentionDays: { traces: 7, logs: 7, metrics: 30 } });
const generated = migrations.map((m) => ({ name: m.name, statements: clusterStatements(m.statements, 'octolens') }));
const session = new Session();
afterAll(() => session.close());

describe('cluster DDL from the migrations', () => {
  it('matches the reviewed snapshot', async () => {
    const text = generated.map((m) => `-- ${m.name}\n${m.statements.join(';\n\n')};\n`).join('\n');
    await expect(text).toMatchFileSnapshot('./__snapshots__/cluster-ddl.sql');
  });

  it('every generated statement parses in ClickHouse (formatQuery)', async () => {
    const all = generated.flatMap((m) => m.statements);
    expect(all.length).toBeGreaterThan(migrations.flatMap((m) => m.statements).length);
    for (const s of all) {
      const r = await session.queryBindAsync('SELECT formatQuery({q:String}) AS f', { q: s }, { format: 'JSONEachRow' });
      expect(r.json<{ f: string }>().f).toMatch(/ON CLUSTER octolens/);
    }
  });

  it('makes each MergeTree table a Replicated local table behind a Distributed one', () => {
    const traces = generated[0]!.statements;
    expect(traces[0]).toMatch(/^CREATE TABLE IF NOT EXISTS otel_traces_local ON CLUSTER octolens [\s\S]*ENGINE = ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/otel_traces_local', '\{replica\}'\)/);
    expect(traces[1]).toMatch(/^CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER octolens AS otel_traces_local ENGINE = Distributed\(octolens, currentDatabase\(\), otel_traces_local, sipHash64\(/);
    const replacing = generated.flatMap((m) => m.statements).find((s) => s.includes('ReplicatedReplacingMergeTree(') && s.includes('Version, Deleted'));
    expect(replacing).toMatch(/ReplicatedReplacingMergeTree\('[^']+', '\{replica\}', Version, Deleted\)/);
  });

  it("keeps a table's 'ingest' comment on its Distributed table, which inserts name", () => {
    const deployments = generated.flatMap((m) => m.statements).filter((s) => /^CREATE TABLE IF NOT EXISTS deployments(_local)? /.test(s));
    expect(deployments).toHaveLength(2);
    for (const s of deployments) expect(s).toMatch(/\sCOMMENT 'ingest'$/);
  });
});
