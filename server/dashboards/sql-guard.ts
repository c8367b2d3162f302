/**
 * How a dashboard's raw SQL is kept to reading (docs/dashboards.md, "SQL panels"):
 *
 * 1. At load, a statement holding `;` (a second statement) or `SETTINGS` (which could set
 *    `readonly = 0` for its own subquery, or raise a limit) is refused with its file:line.
 * 2. At run time it is wrapped as the subquery of
 *    `SELECT * FROM (SELECT * FROM (<sql>) LIMIT n SETTINGS readonly = 1)`: a subquery must be
 *    a SELECT, so INSERT, ALTER, DROP… are syntax errors; `readonly = 1` also refuses the table
 *    functions that reach outside the store (file, url, s3, remote…), checked on chDB.
 * 3. The outer statement carries the API's query limits (store.query: max_execution_time,
 *    max_memory_usage, max_result_rows), and `LIMIT n` caps the rows a panel gets.
 */

/** Rows a SQL panel returns at most. */
export const SQL_PANEL_MAX_ROWS = 10_000;

/** Literals and comments blanked out, so a keyword inside a string is not taken for SQL. */
function code(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

/** Why `sql` may not run as a panel, or undefined when it may. */
export function sqlProblem(sql: string): string | undefined {
  const text = code(sql).replace(/[\s;]+$/, '');
  if (!/^\s*(\(\s*)*(SELECT|WITH)\b/i.test(text)) return 'a SQL panel runs one SELECT (or WITH … SELECT) statement';
  if (text.includes(';')) return 'a SQL panel runs one statement: remove the ";" and what follows';
  if (/\bSETTINGS\b/i.test(text)) return 'a SQL panel may not set SETTINGS: it runs read-only within the API\'s query limits';
  return undefined;
}

/**
 * The read-only statement a SQL panel runs. The user's SQL ends on its own line, so a trailing
 * `-- comment` cannot swallow the closing parenthesis.
 */
export function guardedSql(sql: string, maxRows = SQL_PANEL_MAX_ROWS): string {
  const body = sql.replace(/[\s;]+$/, '');
  return `SELECT * FROM (SELECT * FROM (\n${body}\n) LIMIT ${maxRows + 1} SETTINGS readonly = 1)`;
}
