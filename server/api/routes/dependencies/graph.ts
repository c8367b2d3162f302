import type { DependencyEdge, DependencyNode } from '../../../../shared/api.js';
import type { DependencyEdgeRow } from '../../../query/dependencies/dependencies-query.js';
import { readQuantiles } from '../../../query/sql.js';

/** An edge's figures; `seconds` is the range's length, which the rate is over. */
export function toEdge(r: DependencyEdgeRow, seconds: number): DependencyEdge {
  const [p50, p95, p99] = readQuantiles(r.quantiles);
  return {
    source: r.caller,
    target: r.callee,
    targetKind: r.calleeKind,
    calls: r.calls,
    rate: r.calls / seconds,
    errors: r.errors,
    errorRatio: r.calls > 0 ? r.errors / r.calls : 0,
    p50Ns: p50 ?? 0,
    p95Ns: p95 ?? 0,
    p99Ns: p99 ?? 0,
  };
}

const nodeKey = (n: DependencyNode) => `${n.kind}\u0000${n.name}`;

/**
 * The map's nodes: the services seen in the range (with or without edges) and every edge's
 * ends, each once; services first, then by kind and name. A callee service whose span started
 * just outside the range (CHILD_SLACK_MS) is a node through its edge.
 * @example graphNodes(['a'], [{ source: 'a', target: 'pg/db', targetKind: 'database', … }]) // a, pg/db
 */
export function graphNodes(services: string[], edges: DependencyEdge[]): DependencyNode[] {
  const nodes = new Map<string, DependencyNode>();
  const add = (n: DependencyNode) => nodes.set(nodeKey(n), n);
  for (const name of services) add({ name, kind: 'service' });
  for (const e of edges) {
    add({ name: e.source, kind: 'service' });
    add({ name: e.target, kind: e.targetKind });
  }
  const order = { service: 0, database: 1, messaging: 2, external: 3 };
  return [...nodes.values()].sort((a, b) => order[a.kind] - order[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
