import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.js';
import { createDashboards, type Dashboards } from './index.js';

const file = (title: string) => `title: ${title}\npanels:\n  - title: Errors\n    grid: { x: 0, y: 0, w: 24, h: 8 }\n    query: { kind: logs, severity: error }\n`;

describe('createDashboards', () => {
  let dir = '';
  let dashboards: Dashboards | undefined;
  afterEach(async () => {
    await dashboards?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reloads when a file changes, is added, or breaks', async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-dashboards-watch-'));
    writeFileSync(join(dir, 'a.yaml'), file('First'));
    dashboards = createDashboards({ dir, debounceMs: 50 });
    await dashboards.start();
    expect(dashboards.current().dashboards.map((d) => d.title)).toEqual(['First']);

    writeFileSync(join(dir, 'a.yaml'), file('Renamed'));
    writeFileSync(join(dir, 'b.yaml'), file('Second'));
    await eventually(async () => dashboards!.current().dashboards.map((d) => d.title).join(','), (t) => t === 'Renamed,Second');

    writeFileSync(join(dir, 'b.yaml'), 'title: Second\npanels: []\n');
    const state = await eventually(async () => dashboards!.current(), (s) => s.errors.length > 0);
    expect(state.dashboards.map((d) => d.title)).toEqual(['Renamed']);
    expect(state.errors.map((e) => e.text)).toEqual(['b.yaml:2:1: panels: needs at least 1 entry']);
  });

  it('stops watching on stop, safe twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-dashboards-watch-'));
    dashboards = createDashboards({ dir, debounceMs: 20 });
    await dashboards.start();
    await dashboards.stop();
    await dashboards.stop();
    writeFileSync(join(dir, 'a.yaml'), file('Late'));
    await new Promise((r) => setTimeout(r, 200));
    expect(dashboards.current().dashboards).toEqual([]);
  });
});
