import { parseLabelRef } from './metrics/selector.js';
import { whereAll, type SqlQuery } from './sql.js';

/**
 * Attribute filters of trace and log search: `key<op>value`, keys named as in the metrics
 * API's `filter` (parseLabelRef): `resource.<key>` a resource attribute, `service.name` the
 * ServiceName column, anything else the record's own attribute, unless the signal names it
 * as one of its intrinsic fields (`span.name`, `severity.number`, …).
 *
 * Longer operators first, so `a!=b` is not read as `a!` `=` `b`.
 */
export const filterOperators = ['!=', '!~', '=~', '>=', '<=', '=', '>', '<'] as const;
export type FilterOperator = (typeof filterOperators)[number];
const numericOperators: readonly FilterOperator[] = ['>', '>=', '<', '<='];

export interface AttributeFilter {
  /** as typed, for error messages */
  text: string;
  key: string;
  op: FilterOperator;
  /** the value as typed; numeric operators hold a finite number */
  value: string;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * `key<op>value` → a filter, or a message saying what was wrong. The key runs to the first
 * `=`, `!`, `<`, `>` or `~`; the value is everything after the operator, spaces included.
 * @example parseAttributeFilter('http.response.status_code>=500') // { key: 'http.response.status_code', op: '>=', value: '500', … }
 */
export function parseAttributeFilter(text: string): AttributeFilter | string {
  const at = text.search(/[=!<>~]/);
  const expected = `expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "${text}"`;
  if (at <= 0) return expected;
  const key = text.slice(0, at).trim();
  const op = filterOperators.find((o) => text.startsWith(o, at));
  if (!key || !op) return expected;
  const value = text.slice(at + op.length);
  if (numericOperators.includes(op) && !NUMBER.test(value.trim())) return `"${key}${op}" compares numbers: expected a number after ${op}, got "${value}"`;
  return { text, key, op, value: numericOperators.includes(op) ? value.trim() : value };
}

/** How one signal's fields read: SQL giving a field's value as String, and as a number (NULL when not one). */
export interface FieldSql {
  text: string;
  number: string;
}

export interface SignalFields {
  /** the map column of the record's own attributes: SpanAttributes, LogAttributes */
  attributes: string;
  /** fields that are columns, by filter key (`service.name` is one for every signal) */
  intrinsic: Record<string, FieldSql>;
}

/** ServiceName bare, so an `=` on it is on the sort key's first column and prunes. */
export const serviceNameField: FieldSql = { text: 'ServiceName', number: 'toFloat64OrNull(toString(ServiceName))' };

/** The SQL of a filter key; map keys are bound as the parameter `param`. */
export function fieldSql(key: string, fields: SignalFields, param: string, params: Record<string, unknown>): FieldSql {
  const ref = parseLabelRef(key);
  if (ref.column === 'ServiceName') return fields.intrinsic[key] ?? serviceNameField;
  const intrinsic = ref.column === 'Attributes' ? fields.intrinsic[key] : undefined;
  if (intrinsic) return intrinsic;
  params[param] = ref.key;
  const value = `${ref.column === 'ResourceAttributes' ? 'ResourceAttributes' : fields.attributes}[{${param}:String}]`;
  return { text: value, number: `toFloat64OrNull(${value})` };
}

/**
 * WHERE conditions for `filters`, every value a bound parameter (`${prefix}N`). As in the
 * metrics API, `=` filters on the same key are alternatives (one IN); all others must all hold.
 * `=~`/`!~` are ClickHouse's `match` (RE2, unanchored). A missing attribute reads as '', so
 * `key!=v` keeps records without the key and a numeric comparison drops them.
 */
export function attributeFilterSql(filters: AttributeFilter[], fields: SignalFields, params: Record<string, unknown>, prefix = 'f'): string[] {
  const conditions: string[] = [];
  const equals = new Map<string, string[]>();
  let n = 0;
  const next = () => `${prefix}${n++}`;
  for (const f of filters) {
    if (f.op === '=') {
      if (!equals.has(f.key)) equals.set(f.key, []);
      equals.get(f.key)!.push(f.value);
      continue;
    }
    const p = next();
    const field = fieldSql(f.key, fields, `${p}k`, params);
    if (numericOperators.includes(f.op)) {
      params[p] = Number(f.value);
      conditions.push(`${field.number} ${f.op} {${p}:Float64}`);
      continue;
    }
    params[p] = f.value;
    if (f.op === '!=') conditions.push(`${field.text} != {${p}:String}`);
    else conditions.push(`${f.op === '!~' ? 'NOT ' : ''}match(${field.text}, {${p}:String})`);
  }
  for (const [key, values] of equals) {
    const p = next();
    const field = fieldSql(key, fields, `${p}k`, params);
    params[p] = values;
    conditions.push(`${field.text} IN {${p}:Array(String)}`);
  }
  return conditions;
}

/** What a user typed in a name box (service, operation): a part of the name, or the whole name in double quotes. */
export interface NameMatch {
  text: string;
  exact: boolean;
}

/**
 * `pay` → any name containing "pay", any case; `"payments"` → exactly payments.
 * @example parseNameMatch('"GET /cart"') // { text: 'GET /cart', exact: true }
 */
export function parseNameMatch(typed: string): NameMatch {
  const quoted = /^"(.+)"$/s.exec(typed);
  return quoted ? { text: quoted[1]!, exact: true } : { text: typed, exact: false };
}

/** The condition for a NameMatch on `column`, its text bound as `param`. */
export function nameMatchSql(column: string, m: NameMatch, param: string, params: Record<string, unknown>): string {
  params[param] = m.text;
  return m.exact ? `${column} = {${param}:String}` : `positionCaseInsensitiveUTF8(${column}, {${param}:String}) > 0`;
}

export interface FacetRow {
  key: string;
  value: string;
  hits: number;
}

/**
 * Facets: the top `perKey` values of each key over the records meeting `conditions`,
 * counted by `count` (e.g. `uniqExact(TraceId)`, `count()`). One scan: every key's value is
 * ARRAY JOINed beside the others, empty values (the key absent) left out. Keys are bound
 * as parameters, since some come from the data (a log's common attribute keys).
 */
export function facetValuesSql(o: {
  table: string;
  conditions: string[];
  params: Record<string, unknown>;
  keys: string[];
  fields: SignalFields;
  count: string;
  perKey: number;
}): SqlQuery {
  const params: Record<string, unknown> = { ...o.params, perKey: o.perKey };
  const pairs = o.keys.map((key, i) => {
    params[`fk${i}`] = key;
    return `({fk${i}:String}, toString(${fieldSql(key, o.fields, `fv${i}`, params).text}))`;
  });
  return {
    sql: `SELECT facet.1 AS key, facet.2 AS value, ${o.count} AS hits
FROM ${o.table}
ARRAY JOIN [${pairs.join(', ')}] AS facet
${whereAll([...o.conditions, `facet.2 != ''`])}
GROUP BY key, value
ORDER BY key, hits DESC, value
LIMIT {perKey:UInt32} BY key`,
    params,
  };
}

/** Rows of facetValuesSql → one facet per key that has values, in the order of `keys`. */
export function groupFacets(keys: string[], rows: FacetRow[]): Array<{ key: string; values: Array<{ value: string; count: number }> }> {
  return keys
    .map((key) => ({ key, values: rows.filter((r) => r.key === key).map((r) => ({ value: r.value, count: Number(r.hits) })) }))
    .filter((f) => f.values.length > 0);
}
