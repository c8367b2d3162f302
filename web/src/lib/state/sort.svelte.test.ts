import { describe, expect, it } from 'vitest';
import { TableSort } from './sort.svelte';

interface Row {
  name: string;
  rate: number;
  team: string | null;
}

const rows: Row[] = [
  { name: 'b', rate: 1, team: 'x' },
  { name: 'a', rate: 3, team: null },
  { name: 'c', rate: 2, team: 'y' },
];

describe('TableSort', () => {
  it('sorts numbers biggest first, flips on the same column, and starts text ascending', () => {
    const sort = new TableSort<Row>('rate', 'desc');
    expect(sort.apply(rows).map((r) => r.name)).toEqual(['a', 'c', 'b']);
    sort.toggle('rate', true);
    expect(sort.apply(rows).map((r) => r.name)).toEqual(['b', 'c', 'a']);
    expect(sort.ariaSort('rate')).toBe('ascending');
    sort.toggle('name', false);
    expect(sort.apply(rows).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(sort.ariaSort('rate')).toBe('none');
  });

  it('sorts missing text values first when ascending and leaves the input alone', () => {
    const sort = new TableSort<Row>('team', 'asc');
    expect(sort.apply(rows).map((r) => r.team)).toEqual([null, 'x', 'y']);
    expect(rows[0]!.name).toBe('b');
  });
});
