import { describe, expect, it } from 'vitest';
import { graphNodes, toEdge } from './graph.js';

describe('toEdge', () => {
  it('turns counts into a rate over the range and an error ratio', () => {
    expect(toEdge({ caller: 'a', callee: 'b', calleeKind: 'service', calls: 30, errors: 3, quantiles: [1e6, 2e6, 3.4e6] }, 60)).toEqual({
      source: 'a', target: 'b', targetKind: 'service', calls: 30, rate: 0.5, errors: 3, errorRatio: 0.1, p50Ns: 1e6, p95Ns: 2e6, p99Ns: 3.4e6,
    });
  });
});

describe('graphNodes', () => {
  it('lists services without edges, every edge end once, services first', () => {
    const edge = toEdge({ caller: 'a', callee: 'redis', calleeKind: 'database', calls: 1, errors: 0, quantiles: [1, 1, 1] }, 1);
    const back = toEdge({ caller: 'b', callee: 'a', calleeKind: 'service', calls: 1, errors: 0, quantiles: [1, 1, 1] }, 1);
    // a service named like a database node is another node
    expect(graphNodes(['redis', 'c', 'a'], [edge, back])).toEqual([
      { name: 'a', kind: 'service' },
      { name: 'b', kind: 'service' },
      { name: 'c', kind: 'service' },
      { name: 'redis', kind: 'service' },
      { name: 'redis', kind: 'database' },
    ]);
  });
});
