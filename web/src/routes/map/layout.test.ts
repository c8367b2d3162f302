import { describe, expect, it } from 'vitest';
import type { DependencyEdge, DependencyNode } from '$shared/api';
import { edgeLabel, layoutMap, nodeId, smoothPath } from './layout';

const edge = (source: string, target: string, targetKind: DependencyEdge['targetKind'], rate: number, errorRatio: number): DependencyEdge => ({
  source, target, targetKind, calls: 1, rate, errors: 0, errorRatio, p50Ns: 1, p95Ns: 1, p99Ns: 1,
});

describe('edgeLabel', () => {
  it('says the rate, and the error share when there are errors', () => {
    expect(edgeLabel({ rate: 12.4, errorRatio: 0 })).toBe('12.4 req/s');
    expect(edgeLabel({ rate: 12.4, errorRatio: 0.031 })).toBe('12.4 req/s · 3.10% err');
    expect(edgeLabel({ rate: 6 / 600, errorRatio: 1 / 6 })).toBe('0.0100 req/s · 16.7% err');
  });
});

describe('layoutMap', () => {
  const nodes: DependencyNode[] = [
    { name: 'checkout', kind: 'service' },
    { name: 'frontend', kind: 'service' },
    { name: 'lonely', kind: 'service' },
    { name: 'checkout', kind: 'database' },
  ];
  const edges = [edge('frontend', 'checkout', 'service', 2, 0.5), edge('checkout', 'checkout', 'database', 1, 0)];
  const map = layoutMap(nodes, edges);

  it('places every node, the one without edges too, inside the drawing', () => {
    expect(map.nodes.map((n) => n.id)).toEqual(['service:checkout', 'service:frontend', 'service:lonely', 'database:checkout']);
    for (const n of map.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(map.width);
      expect(n.y + n.height / 2).toBeLessThanOrEqual(map.height);
    }
  });

  it('puts callers left of their callees and routes each edge between them', () => {
    const at = (id: string) => map.nodes.find((n) => n.id === id)!;
    expect(at('service:frontend').x).toBeLessThan(at('service:checkout').x);
    expect(at('service:checkout').x).toBeLessThan(at('database:checkout').x);
    expect(map.edges.map((e) => [e.id, e.label])).toEqual([
      ['service:frontend→service:checkout', '2 req/s · 50% err'],
      ['service:checkout→database:checkout', '1 req/s'],
    ]);
    for (const e of map.edges) expect(e.path).toMatch(/^M[\d.]+,[\d.]+ .*L[\d.]+,[\d.]+$/);
  });

  it('makes ids that tell a service from a database of the same name', () => {
    expect(nodeId('service', 'redis')).not.toBe(nodeId('database', 'redis'));
  });
});

describe('smoothPath', () => {
  it('runs from the first to the last point through the middle of the bends', () => {
    expect(smoothPath([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 20, y: 10 }])).toBe('M0,0 Q10,0 15,5 L20,10');
    expect(smoothPath([{ x: 0, y: 0 }, { x: 5, y: 5 }])).toBe('M0,0 L5,5');
  });
});
