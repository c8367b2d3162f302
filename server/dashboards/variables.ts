import type { PanelQuery } from '../../shared/dashboards.js';
import type { PathSegment } from '../slo/spec/yaml-source.js';

/** `$name` or `${name}`, as Grafana writes a variable; `$__name` is a macro (sql-macros.ts), not a variable. */
const reference = /\$\{(?!__)(\w+)\}|\$(?!__)(\w+)/g;

const namesIn = (text: string) => [...text.matchAll(reference)].map((m) => m[1] ?? m[2]!);

/** Every variable a panel query names, with the field it is named in (for file:line errors). */
export function variableRefs(query: PanelQuery): Array<{ path: PathSegment[]; name: string }> {
  const out: Array<{ path: PathSegment[]; name: string }> = [];
  const scan = (path: PathSegment[], text: string | undefined) => {
    if (text !== undefined) for (const name of namesIn(text)) out.push({ path, name });
  };
  switch (query.kind) {
    case 'metric':
      scan(['metric'], query.metric);
      for (const [key, value] of Object.entries(query.filter)) scan(['filter', key], value);
      break;
    case 'spans':
      scan(['service'], query.service);
      break;
    case 'logs':
      scan(['service'], query.service);
      scan(['text'], query.text);
      break;
    case 'sql':
      scan(['sql'], query.sql);
      break;
  }
  return out;
}

/** `text` with each variable replaced by its value; an unset variable reads as empty (the "All" choice). */
export const substitute = (text: string, values: Record<string, string>) => text.replace(reference, (_m, a?: string, b?: string) => values[(a ?? b)!] ?? '');

/**
 * A panel query with the variables' values in. A filter whose value comes out empty is left
 * out, so "All" means no filter. SQL is not substituted (see `bindSqlVariables`).
 */
export function applyVariables(query: PanelQuery, values: Record<string, string>): PanelQuery {
  const opt = (text: string | undefined) => (text === undefined ? undefined : substitute(text, values) || undefined);
  switch (query.kind) {
    case 'metric': {
      const filter = Object.fromEntries(Object.entries(query.filter).map(([k, v]) => [k, substitute(v, values)]).filter(([, v]) => v !== ''));
      return { ...query, metric: substitute(query.metric, values), filter };
    }
    case 'spans':
      return { ...query, service: substitute(query.service, values) };
    case 'logs':
      return { kind: 'logs', service: opt(query.service), severity: query.severity, text: opt(query.text) };
    case 'sql':
      return query;
  }
}

/**
 * Variables in SQL become bound parameters, never text: `'$service'`, `${service}` and
 * `$service` all turn into `{var_service:String}`, so a value cannot change the statement.
 * @example bindSqlVariables("WHERE ServiceName = '$service'", { service: "x' OR 1" })
 *   // { sql: 'WHERE ServiceName = {var_service:String}', params: { var_service: "x' OR 1" } }
 */
export function bindSqlVariables(sql: string, values: Record<string, string>): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const bind = (name: string) => {
    params[`var_${name}`] = values[name] ?? '';
    return `{var_${name}:String}`;
  };
  const out = sql.replace(/'\$\{(?!__)(\w+)\}'|'\$(?!__)(\w+)'/g, (_m, a?: string, b?: string) => bind((a ?? b)!)).replace(reference, (_m, a?: string, b?: string) => bind((a ?? b)!));
  return { sql: out, params };
}
