import dagre from '@dagrejs/dagre';
import type { DependencyEdge, DependencyNode, DependencyNodeKind } from '$shared/api';
import { formatPercent, formatRate } from '../../lib/format/units';

export interface PlacedNode extends DependencyNode {
  id: string;
  /** the centre, as dagre gives it */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends DependencyEdge {
  id: string;
  /** SVG path data from the caller to the callee */
  path: string;
  label: string;
  /** the label's centre and size, room dagre kept free of nodes */
  labelX: number;
  labelY: number;
  labelWidth: number;
  labelHeight: number;
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** A node's identity: a service and a database may share a name. */
export const nodeId = (kind: DependencyNodeKind, name: string) => `${kind}:${name}`;

/**
 * What an edge says on the map: its rate and, when any, its error share.
 * @example edgeLabel({ rate: 0.01, errorRatio: 0.2 }) // '0.0100 req/s · 20.0% err'
 */
export function edgeLabel(e: Pick<DependencyEdge, 'rate' | 'errorRatio'>): string {
  return e.errorRatio > 0 ? `${formatRate(e.rate)} · ${formatPercent(e.errorRatio)} err` : formatRate(e.rate);
}

// Text is measured by estimate, not by the DOM: the layout stays a pure function. 11–12 px
// system-ui averages under 7 px a character; the padding absorbs the error.
const CHAR_PX = 7;
const NODE_HEIGHT = 34;
const LABEL_HEIGHT = 16;
const labelWidth = (label: string) => label.length * 6 + 10;

/**
 * Left-to-right layered layout (callers left of their callees) of the map, by dagre; the
 * edge labels take part in it, so they do not sit on nodes.
 */
export function layoutMap(nodes: DependencyNode[], edges: DependencyEdge[]): MapLayout {
  const g = new dagre.graphlib.Graph<object, { width: number; height: number; x?: number; y?: number }>({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, edgesep: 16, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(nodeId(n.kind, n.name), { width: Math.max(90, n.name.length * CHAR_PX + 28), height: NODE_HEIGHT });
  const labels = new Map(edges.map((e) => [e, edgeLabel(e)]));
  for (const e of edges) {
    g.setEdge(nodeId('service', e.source), nodeId(e.targetKind, e.target), { width: labelWidth(labels.get(e)!), height: LABEL_HEIGHT, labelpos: 'c' });
  }
  dagre.layout(g);

  const placed = nodes.map((n) => {
    const id = nodeId(n.kind, n.name);
    const { x, y, width, height } = g.node(id) as { x: number; y: number; width: number; height: number };
    return { ...n, id, x, y, width, height };
  });
  const routed = edges.map((e) => {
    const v = nodeId('service', e.source);
    const w = nodeId(e.targetKind, e.target);
    const label = g.edge(v, w) as { points: { x: number; y: number }[]; x: number; y: number };
    const text = labels.get(e)!;
    return { ...e, id: `${v}→${w}`, path: smoothPath(label.points), label: text, labelX: label.x, labelY: label.y, labelWidth: labelWidth(text), labelHeight: LABEL_HEIGHT };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes: placed, edges: routed };
}

/** Through the first and last point, bending at the ones between (quadratic curves to the midpoints). */
export function smoothPath(points: { x: number; y: number }[]): string {
  const r = (n: number) => Math.round(n * 10) / 10;
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${r(first!.x)},${r(first!.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const next = rest[i + 1]!;
    d += ` Q${r(p.x)},${r(p.y)} ${r((p.x + next.x) / 2)},${r((p.y + next.y) / 2)}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${r(last.x)},${r(last.y)}`;
  return d;
}
