/**
 * Query parameters for the SLO plans. Every value a spec supplies (service names,
 * attribute keys and values, regexes, thresholds) is bound as a ClickHouse `{name:Type}`
 * parameter, never spliced into SQL text. The prefix keeps names unique when the plans of
 * several SLOs share one query.
 */
export class SqlParams {
  readonly values: Record<string, unknown> = {};
  private next = 0;
  /** one placeholder per distinct value and type: the same condition of many SLOs reads the same, and ClickHouse analyses it once */
  private readonly known = new Map<string, string>();

  constructor(private readonly prefix = 'p') {}

  /**
   * @example new SqlParams('s').bind('checkout', 'String') === '{s0:String}'
   */
  bind(value: unknown, type: string): string {
    const key = `${type}\u0000${JSON.stringify(value)}`;
    const known = this.known.get(key);
    if (known) return known;
    const name = `${this.prefix}${this.next++}`;
    this.values[name] = value;
    const placeholder = `{${name}:${type}}`;
    this.known.set(key, placeholder);
    return placeholder;
  }
}

/** A ClickHouse literal, for SQL printed for people (`planSql`), never for SQL the hub runs. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Every array the plans bind is Array(String); an empty literal would be Array(Nothing).
  if (Array.isArray(value)) return value.length === 0 ? "CAST([], 'Array(String)')" : `[${value.map(literal).join(', ')}]`;
  throw new Error(`no literal for ${typeof value}`);
}

/**
 * Replaces the placeholders named in `params` by literals; others (`{fromMs:Int64}`) stay.
 * @example inlineParams('x = {p0:String}', { p0: "it's" }) === "x = 'it\\'s'"
 */
export function inlineParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(/\{(\w+):[^}]+\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? literal(params[name]) : whole));
}

/** `a AND b`, with `1` for no condition. */
export const and = (conditions: string[]) => (conditions.length === 0 ? '1' : conditions.length === 1 ? conditions[0]! : conditions.map((c) => `(${c})`).join(' AND '));
