export type SortDirection = 'asc' | 'desc';

/**
 * Which column a table is sorted by. Clicking the current column flips the direction;
 * a new column starts descending for numbers (biggest first) and ascending for text.
 * @example const sort = new TableSort<Row>('rate', 'desc'); const rows = $derived(sort.apply(data));
 */
export class TableSort<Row> {
  #key = $state('' as keyof Row & string);
  #direction = $state<SortDirection>('desc');

  constructor(key: keyof Row & string, direction: SortDirection) {
    this.#key = key;
    this.#direction = direction;
  }

  get key() {
    return this.#key;
  }

  get direction() {
    return this.#direction;
  }

  toggle(key: keyof Row & string, numeric: boolean): void {
    if (this.#key === key) this.#direction = this.#direction === 'asc' ? 'desc' : 'asc';
    else {
      this.#key = key;
      this.#direction = numeric ? 'desc' : 'asc';
    }
  }

  /** aria-sort value for a header cell */
  ariaSort(key: keyof Row & string): 'ascending' | 'descending' | 'none' {
    if (this.#key !== key) return 'none';
    return this.#direction === 'asc' ? 'ascending' : 'descending';
  }

  apply(rows: readonly Row[]): Row[] {
    const key = this.#key;
    const sign = this.#direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
      return String(x ?? '').localeCompare(String(y ?? '')) * sign;
    });
  }
}
