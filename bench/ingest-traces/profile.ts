/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) by self time: per pipeline stage and
 * per function. Only the JS main thread is sampled; chDB's own threads show up in the
 * per-thread CPU that measure.ts reads from /proc instead.
 *   node --import tsx bench/ingest-traces/profile.ts file.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { root } from './hub-process.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds of the monotonic clock, the one V8 stamps profiles with (process.hrtime here). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export interface ProfileSummary {
  totalS: number;
  /** seconds of self time per stage, busiest first (idle excluded from shares) */
  stages: Array<{ stage: string; seconds: number; share: number }>;
  functions: Array<{ fn: string; where: string; seconds: number; share: number }>;
}

/**
 * A sample belongs to the stage of its innermost frame that matches a rule, looking up the
 * stack from the sampled function (Buffer.write called by the store counts as the store).
 */
const stages: Array<[string, RegExp]> = [
  ['idle', /^ \(idle\)$/],
  ['GC', /^ \(garbage collector\)$/],
  ['native / runtime', /^ \(program\)$/],
  ['protobuf decode', /protobufjs|collectors\/otlp\/decode/],
  ['JSON encode', /collectors\/otlp\/encode/],
  ['normalise (OTLP → rows)', /collectors\/otlp\/normalise/],
  ['HTTP + routing (node:http, Hono, routes.ts)', /collectors\/otlp\/routes|@hono|\/hono\/|node:_http|node:http |node:net /],
  ['queue (batch concat)', /server\/queue\//],
  ['store (spool write, insert call)', /server\/storage\/|server\/ingest\//],
  ['chDB client', /\/chdb\/|@clickhouse/],
  ['metadata + discovery (PGlite)', /server\/meta|server\/catalog|pglite|kysely/],
  ['metrics (prom-client)', /prom-client|server\/telemetry/],
];

/** Self time per function and stage, counting only samples inside `window` (e.g. the load, not startup). */
export function summariseProfile(path: string, window?: ProfileWindow, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = (id: number | undefined): string => {
    for (; id !== undefined; id = parent.get(id)) {
      const { url, functionName } = byId.get(id)!.callFrame;
      const stage = stages.find(([, re]) => re.test(`${url} ${functionName}`))?.[0];
      if (stage) return stage;
    }
    return 'other (node internals, timers, streams)';
  };
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (!window || (at >= window.fromUs && at <= window.toUs)) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const stageUs = new Map<string, number>();
  const fnUs = new Map<string, { fn: string; where: string; us: number }>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const stage = stageOf(id);
    stageUs.set(stage, (stageUs.get(stage) ?? 0) + us);
    if (stage === 'idle') continue;
    totalUs += us;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
    // tsx-compiled sources report line 1 for everything: name the file only
    const where = !file ? '(native)' : lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
    const fk = `${functionName}@${where}`;
    const entry = fnUs.get(fk) ?? { fn: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    fnUs.set(fk, entry);
  }
  const share = (us: number) => +(us / totalUs).toFixed(3);
  return {
    totalS: +(totalUs / 1e6).toFixed(2),
    stages: [...stageUs]
      .sort((a, b) => b[1] - a[1])
      .map(([stage, us]) => ({ stage, seconds: +(us / 1e6).toFixed(2), share: stage === 'idle' ? 0 : share(us) })),
    functions: [...fnUs.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map(({ fn, where, us }) => ({ fn, where, seconds: +(us / 1e6).toFixed(2), share: share(us) })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.ts <file.cpuprofile>');
  console.log(JSON.stringify(summariseProfile(file), null, 2));
}
