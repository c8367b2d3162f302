import { describe, expect, it } from 'vitest';
import { displayUnit, explorerHref, readExplorer } from './explorer-state';

describe('explorer state', () => {
  it('goes to the URL and back unchanged', () => {
    const state = { metric: 'http.requests', type: 'sum', agg: 'rate', groupBy: ['route', 'service.name'], filters: ['route=/a', 'route=/b', 'resource.host.name=web-1'] };
    const href = explorerHref(state, { from: 'now-6h' });
    expect(href).toBe('/explore?from=now-6h&metric=http.requests&type=sum&agg=rate&groupBy=route%2Cservice.name&filter=route%3D%2Fa&filter=route%3D%2Fb&filter=resource.host.name%3Dweb-1');
    expect(readExplorer(new URL(href, 'http://hub'))).toEqual(state);
  });

  it('shows a byte counter\'s rate in bytes per second', () => {
    expect([displayUnit('By', 'rate'), displayUnit('By', 'avg'), displayUnit('ms', 'p95'), displayUnit('{request}', 'rate')]).toEqual(['Bps', 'bytes', 'ms', 'short']);
  });
});
