/**
 * GET /api/v1/dora at scale: `npx tsx bench/dora/run.ts [--services 200] [--teams 20] [--days 730] [--runs 20]`.
 *
 * History generated straight into embedded chDB with INSERT … SELECT FROM numbers() (no
 * collector, no queue: this measures the read), per service over `days`:
 * - 2,500 deployments (≈ 500k for 200 services), one final row each: 90 % production,
 *   95 % success, 3 % hotfix, 1 % rollback; each deploys the last commit of its group and
 *   has no commit list, so lead time takes the window path (the costly one, what webhooks give);
 * - 10 commits per deployment (≈ 5M), on main, every fifth group a squash-merged PR whose
 *   nine commits sit on a feature branch and whose merge commit is the one deployed;
 * - 100 incidents (≈ 20k), opened 30 min after a deployment and resolved 2 h later, a third
 *   naming the commit deployed as cause (the rest are linked by time).
 * Teams: service i belongs to team i mod `teams` (the catalog's services.team on PGlite).
 *
 * Then the DORA facts rollup's first derivation of every service (timed, with the engine's
 * peak memory per statement), and the real route, in process (createApp(...).request): the
 * organisation and one team, over the last 90 and 365 days with a weekly series, each `runs`
 * times after one warm-up → p50/p95; the breakdown, drill-down lists and another environment
 * (derived at request time) a few times; and the first read after one new deployment, which
 * derives that service again. Writes bench/results/dora.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../server/api/app.js';
import { defaultApiLimits } from '../../server/api/limits.js';
import { FACT_TABLES } from '../../server/delivery/facts-sql.js';
import { createDeliveryFacts } from '../../server/delivery/rollup.js';
import { createLogger } from '../../server/lib/log.js';
import { openMetaDb } from '../../server/meta/index.js';
import { recordSeenServices } from '../../server/meta/services.js';
import { backgroundQueryLimits, defaultQueryConfig } from '../../server/query/config.js';
import { openTelemetryStore, withQueryLimits } from '../../server/storage/index.js';
import { createHubMetrics } from '../../server/telemetry/metrics.js';

const HELP = `bench/dora/run.ts: GET /api/v1/dora over a generated delivery history in embedded chDB

  --services N   services (default 200)
  --teams N      teams, service i in team i mod N (default 20)
  --days N       days of history ending now (default 730)
  --runs N       timed requests per case, after one warm-up (default 20)
  --batch N      services per derivation statement (default: the rollup's, 10)
  --data DIR     keep the store in DIR (and reuse the history already there) instead of a temp dir
  --out FILE     results markdown (default bench/results/dora.md; "-" prints only)
  --help         this text

Per service: 2,500 deployments, 25,000 commits, 100 incidents (200 services: ≈ 500k, 5M, 20k).
Target: p95 < 300 ms for the organisation and for one team.`;

const { values: args } = parseArgs({
  options: {
    services: { type: 'string', default: '200' },
    teams: { type: 'string', default: '20' },
    days: { type: 'string', default: '730' },
    runs: { type: 'string', default: '20' },
    batch: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('../results/dora.md', import.meta.url)) },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const SERVICES = Number(args.services);
const TEAMS = Number(args.teams);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const DEPLOYS_PER_SERVICE = 2500;
const COMMITS_PER_DEPLOY = 10;
const INCIDENTS_PER_SERVICE = 100;
const DAY = 86_400_000;
const TARGET_MS = 300;
/** a case past this much time stops after its third run (a missed target needs no 20 samples to show) */
const BUDGET_MS = 90_000;

const now = Date.now();
const fromMs = now - DAYS * DAY;
const step = Math.floor((DAYS * DAY) / DEPLOYS_PER_SERVICE);

const dir = args.data ?? mkdtempSync(join(tmpdir(), 'octolens-bench-dora-'));
const service = (expr: string) => `concat('svc-', leftPad(toString(${expr}), 3, '0'))`;
// a deployment k of service s finishes at deployAt(s, k): one step apart, services offset
const deployAt = (s: string, k: string) => `{fromMs:Int64} + ${k} * {step:Int64} + (${s} * 611) % {step:Int64}`;
const sha = (s: string, j: string) => `lower(hex(cityHash64(${s}, ${j}, 'commit')))`;
const ts = (ms: string) => `fromUnixTimestamp64Milli(toInt64(${ms}))`;

const deploymentsSql = `INSERT INTO deployments (DeploymentId, Source, Service, Repo, Environment, IsProduction, Status, ReportedAt, StartedAt, FinishedAt, CommitSha, CommitShas, Artifact, Kind, RollbackOf, Url, DeliveryId)
SELECT concat('dep-', toString(s), '-', toString(k)) AS id, 'bench', ${service('s')}, concat('acme/', ${service('s')}),
  if(k % 10 = 9, 'staging', 'production'), k % 10 != 9,
  multiIf(k % 20 = 3, 'failure', k % 40 = 7, 'cancelled', 'success'),
  ${ts(deployAt('s', 'k'))}, ${ts(`${deployAt('s', 'k')} - 600000`)}, ${ts(deployAt('s', 'k'))},
  ${sha('s', `k * ${COMMITS_PER_DEPLOY} + ${COMMITS_PER_DEPLOY - 1}`)}, [], '', multiIf(k % 100 = 11, 'rollback', k % 33 = 5, 'hotfix', 'planned'), '', '', concat('bench-', toString(number))
FROM (SELECT number, number % {services:UInt64} AS s, intDiv(number, {services:UInt64}) AS k FROM numbers({n:UInt64}))`;

// commit j of service s belongs to deployment k = j / 10, committed 15 min apart before it
const changesSql = `INSERT INTO changes (Repo, CommitSha, Service, Source, Branch, AuthoredAt, CommittedAt, PrNumber, PrCreatedAt, PrMergedAt, MergeCommitSha, ReportedAt, DeliveryId)
SELECT concat('acme/', ${service('s')}), ${sha('s', 'j')}, ${service('s')}, 'bench',
  if(inPr, concat('feature/', toString(k)), 'main'),
  ${ts('t')}, ${ts('t')}, if(inPr, k + 1, 0),
  ${ts(`if(inPr, ${deployAt('s', 'k')} - 10800000, 0)`)}, ${ts(`if(inPr, ${deployAt('s', 'k')} - 900000, 0)`)},
  if(inPr, ${sha('s', `k * ${COMMITS_PER_DEPLOY} + ${COMMITS_PER_DEPLOY - 1}`)}, ''), ${ts('t')}, concat('bench-', toString(number))
FROM (
  SELECT number, s, j, k, k % 5 = 0 AND j % ${COMMITS_PER_DEPLOY} != ${COMMITS_PER_DEPLOY - 1} AS inPr,
    ${deployAt('s', 'k')} - (${COMMITS_PER_DEPLOY} - j % ${COMMITS_PER_DEPLOY}) * 900000 AS t
  FROM (SELECT number, (number + {offset:UInt64}) % {services:UInt64} AS s, intDiv(number + {offset:UInt64}, {services:UInt64}) AS j, intDiv(j, ${COMMITS_PER_DEPLOY}) AS k
        FROM numbers({n:UInt64}))
)`;

// incident i of service s opens 30 min after deployment k = i * 25 + 2 and resolves 2 h later
const incidentsSql = `INSERT INTO incidents (IncidentId, Provider, Service, Status, At, CreatedAt, Severity, Title, CauseDeploymentId, CauseCommitSha, Url, DeliveryId)
SELECT concat('inc-', toString(s), '-', toString(i)), 'bench', ${service('s')}, st,
  ${ts(`opened + if(st = 'resolved', 7200000, 0)`)}, ${ts('opened')}, 'sev2', concat('incident ', toString(i)), '',
  if(i % 3 = 0, ${sha('s', `k * ${COMMITS_PER_DEPLOY} + ${COMMITS_PER_DEPLOY - 1}`)}, ''), '', concat('bench-', toString(number), st)
FROM (SELECT number, number % {services:UInt64} AS s, intDiv(number, {services:UInt64}) AS i, i * ${DEPLOYS_PER_SERVICE / INCIDENTS_PER_SERVICE} + 2 AS k,
        ${deployAt('s', 'k')} + 1800000 AS opened FROM numbers({n:UInt64}))
ARRAY JOIN ['triggered', 'resolved'] AS st`;

interface Case {
  name: string;
  path: string;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (ms: number) => `${Math.round(ms)} ms`;

async function main(): Promise<void> {
  const store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 30, logs: 30, metrics: 30 } });
  const meta = await openMetaDb({ dataDir: dir });
  const facts = createDeliveryFacts({
    store: withQueryLimits(store, backgroundQueryLimits(defaultQueryConfig())),
    linkWindowMs: DAY,
    log: createLogger('info'),
    // the bench times each derivation to its end rather than being told to retry
    waitMs: 3_600_000,
    ...(args.batch === undefined ? {} : { batchServices: Number(args.batch) }),
  });
  const app = createApp({ store, meta, metrics: createHubMetrics(), isReady: async () => true, limits: defaultApiLimits(), deliveryFacts: facts });

  const gen = performance.now();
  const base = { fromMs, step, services: SERVICES };
  const kept = Number((await store.query<{ n: number }>('SELECT count() AS n FROM deployments'))[0]!.n) > 0;
  if (!kept) {
    await store.query(deploymentsSql, { ...base, n: SERVICES * DEPLOYS_PER_SERVICE });
    const changesTotal = SERVICES * DEPLOYS_PER_SERVICE * COMMITS_PER_DEPLOY;
    for (let offset = 0; offset < changesTotal; offset += 2_000_000) {
      await store.query(changesSql, { ...base, offset, n: Math.min(2_000_000, changesTotal - offset) });
    }
    await store.query(incidentsSql, { ...base, n: SERVICES * INCIDENTS_PER_SERVICE });
  }
  const genMs = performance.now() - gen;
  const counts = Object.fromEntries(
    await Promise.all(['deployments', 'changes', 'incidents'].map(async (t) => [t, Number((await store.query<{ n: number }>(`SELECT count() AS n FROM ${t}`))[0]!.n)] as const)),
  );
  const names = Array.from({ length: SERVICES }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  await recordSeenServices({ db: meta, input: names.map((name) => ({ name, firstSeen: new Date(fromMs), lastSeen: new Date(now) })) });
  for (let t = 0; t < TEAMS; t++) {
    await meta.updateTable('services').set({ team: `team-${String(t).padStart(2, '0')}` }).where('name', 'in', names.filter((_, i) => i % TEAMS === t)).execute();
  }
  console.log(`generated ${JSON.stringify(counts)} in ${(genMs / 1000).toFixed(1)} s`);

  const derived = await facts.catchUp();
  const rssAfterDerive = process.memoryUsage().rss;
  const factRows = Object.fromEntries(
    await Promise.all(FACT_TABLES.map(async (t) => [t, Number((await store.query<{ n: number }>(`SELECT count() AS n FROM ${t} FINAL`))[0]!.n)] as const)),
  );
  console.log(`derived the facts of ${derived.services} services in ${(derived.ms / 1000).toFixed(1)} s: ${JSON.stringify(factRows)}`);

  const range = (days: number) => `from=${now - days * DAY}&to=${now}`;
  const team = `team-${String(7 % TEAMS).padStart(2, '0')}`;
  const teamSize = names.filter((_, i) => i % TEAMS === 7 % TEAMS).length;
  const cases: Case[] = [
    { name: 'organisation, 90 days, weekly series', path: `/api/v1/dora?${range(90)}&bucket=week` },
    { name: `${team} (${teamSize} services), 90 days, weekly series`, path: `/api/v1/dora?${range(90)}&bucket=week&team=${team}` },
    { name: 'organisation, 365 days, weekly series', path: `/api/v1/dora?${range(365)}&bucket=week` },
    { name: `${team}, 365 days, weekly series`, path: `/api/v1/dora?${range(365)}&bucket=week&team=${team}` },
  ];
  const extra: Case[] = [
    { name: `breakdown: ${SERVICES} services and ${TEAMS} teams, 90 days`, path: `/api/v1/dora/breakdown?${range(90)}` },
    { name: 'drill-down: failed deployments, organisation, 90 days', path: `/api/v1/dora/deployments?${range(90)}&filter=failed` },
    { name: `drill-down: changes, ${team}, 90 days`, path: `/api/v1/dora/changes?${range(90)}&team=${team}` },
    { name: `another environment (staging), ${team}, 90 days`, path: `/api/v1/dora?${range(90)}&team=${team}&environment=staging` },
  ];
  const time = async (c: Case, runs: number) => {
    const t0 = performance.now();
    const first = await app.request(c.path);
    const firstMs = performance.now() - t0;
    if (first.status !== 200) {
      // the hub's own bound (OCTOLENS_QUERY_TIMEOUT_SECONDS) stopped it: that is the result
      const err = (await first.json()) as { code: string };
      console.log(`${c.name}: ${first.status} ${err.code} after ${fmt(firstMs)}`);
      return { name: c.name, p50: firstMs, p95: firstMs, max: firstMs, what: `${first.status} ${err.code} (the hub's query bounds: time or memory)`, runs: 1 };
    }
    const body = (await first.json()) as { deploymentFrequency?: { deployments: number }; services?: unknown[]; total?: number };
    const ms: number[] = [];
    const start = performance.now();
    for (let i = 0; i < runs && (i < 3 || performance.now() - start < BUDGET_MS); i++) {
      const t1 = performance.now();
      const res = await app.request(c.path);
      await res.arrayBuffer();
      ms.push(performance.now() - t1);
    }
    ms.sort((a, b) => a - b);
    const what = body.deploymentFrequency ? `${body.deploymentFrequency.deployments} deployments` : body.services ? `${body.services.length} service rows` : `${body.total} rows`;
    const row = { name: c.name, p50: pct(ms, 50), p95: pct(ms, 95), max: ms[ms.length - 1]!, what, runs: ms.length };
    console.log(`${c.name}: p50 ${fmt(row.p50)}, p95 ${fmt(row.p95)} (${what})`);
    return row;
  };
  const rows = [];
  for (const c of cases) rows.push(await time(c, RUNS));
  // the first read of another environment derives its facts for every service
  const t3 = performance.now();
  await facts.fresh('staging');
  const stagingDeriveMs = performance.now() - t3;
  console.log(`derived the staging facts in ${(stagingDeriveMs / 1000).toFixed(1)} s`);
  const extraRows = [];
  for (const c of extra) extraRows.push(await time(c, Math.max(3, Math.round(RUNS / 4))));

  // one new deployment of one service, with its ten commits: the next read derives that service again
  const svc = names[0]!;
  await store.query(
    `INSERT INTO deployments (DeploymentId, Source, Service, Repo, Environment, IsProduction, Status, ReportedAt, StartedAt, FinishedAt, CommitSha, CommitShas, Artifact, Kind, RollbackOf, Url, DeliveryId)
     SELECT 'dep-new', 'bench', {svc:String}, 'acme/new', 'production', true, 'success', now64(3), now64(3), now64(3), 'new-9', [], '', 'planned', '', '', 'bench-new'`,
    { svc },
  );
  await store.query(
    `INSERT INTO changes (Repo, CommitSha, Service, Source, Branch, AuthoredAt, CommittedAt, PrNumber, PrCreatedAt, PrMergedAt, MergeCommitSha, ReportedAt, DeliveryId)
     SELECT concat('acme/', {svc:String}), concat('new-', toString(number)), {svc:String}, 'bench', 'main', now64(3) - toIntervalMinute(60 - number), now64(3) - toIntervalMinute(60 - number),
       0, toDateTime64(0, 3), toDateTime64(0, 3), '', now64(3), 'bench-new' FROM numbers(10)`,
    { svc },
  );
  const t2 = performance.now();
  const afterNew = await app.request(cases[0]!.path);
  const afterNewMs = performance.now() - t2;
  const afterNewBody = (await afterNew.json()) as { deploymentFrequency: { deployments: number } };
  console.log(`first read after a new deployment: ${fmt(afterNewMs)} (${afterNewBody.deploymentFrequency.deployments} deployments)`);

  const met = rows.every((r) => r.p95 < TARGET_MS);
  const mem = process.memoryUsage();
  const md = `# GET /api/v1/dora at scale

Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/dora/run.ts --services ${SERVICES} --teams ${TEAMS} --days ${DAYS} --runs ${RUNS}${args.batch === undefined ? '' : ` --batch ${args.batch}`}\`
(Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}).

Data: ${DAYS} days of history in embedded chDB, generated with INSERT … SELECT FROM numbers() in ${(genMs / 1000).toFixed(1)} s:
${counts.deployments!.toLocaleString('en')} deployments (${SERVICES} services in ${TEAMS} teams, 90 % production, 95 % successful, no commit lists: lead time by window),
${counts.changes!.toLocaleString('en')} changes (10 per deployment, a squash-merged PR every fifth), ${counts.incidents!.toLocaleString('en')} incident transitions
(${(SERVICES * INCIDENTS_PER_SERVICE).toLocaleString('en')} incidents, a third with an explicit cause commit).
DORA facts (the rollup's first derivation, \`catchUp()\`, ${args.batch ?? 10} services per statement): ${derived.services} services in ${(derived.ms / 1000).toFixed(1)} s,
${Object.entries(factRows).map(([t, n]) => `${n.toLocaleString('en')} rows in \`${t}\``).join(', ')}; process RSS after it ${Math.round(rssAfterDerive / 2 ** 20)} MiB.

Requests through the real route in process (\`createApp(...).request\`), ${RUNS} timed after one warm-up (fewer, at least 3, when a case passes ${BUDGET_MS / 1000} s). Target: p95 < ${TARGET_MS} ms.

| request | runs | p50 | p95 | max | answer |
|---|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.name} | ${r.runs} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.what} |`).join('\n')}

Target ${met ? '**met**' : '**not met**'}.

The Portfolio lens's other requests:

| request | runs | p50 | p95 | answer |
|---|---:|---:|---:|---|
${extraRows.map((r) => `| ${r.name} | ${r.runs} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${r.what} |`).join('\n')}

The first read of another environment (staging) derives its facts for every service: ${(stagingDeriveMs / 1000).toFixed(1)} s.
The first read after one new deployment of ${svc} (10 new commits), which derives that service's facts again (production and staging) and re-links every incident: ${fmt(afterNewMs)} (${afterNewBody.deploymentFrequency.deployments} deployments).

Process RSS at the end ${Math.round(mem.rss / 2 ** 20)} MiB, JS heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB.

## Before the facts tables (2026-12-01, same data)

Every request derived the facts from the event logs: organisation over 90 days p95 51 s, one
team 7.4 s, the organisation over 365 days refused by the 2 GiB memory bound; lead time's CTEs
(commit → deployment containment by ASOF join, recomputed at each reference) dominated.
Materialized CTEs were 1.6–2.5× faster but chDB 26.7 failed them on an empty database
(LOGICAL_ERROR), so the hub now keeps the derived facts in tables (migration 0009,
server/delivery) and a request aggregates them.
`;
  if (args.out !== '-') writeFileSync(args.out, md);
  console.log(md);
  await store.close();
  await meta.destroy();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    if (args.data === undefined) rmSync(dir, { recursive: true, force: true });
  });
