/**
 * Test support only, never product code: the part of ClickHouse's HTTP interface
 * (https://clickhouse.com/docs/interfaces/http) that @clickhouse/client 1.x sends, executed on
 * an embedded chDB session. No current ClickHouse server installs on these machines, so the
 * hub's CLICKHOUSE_URL mode is tested against this; the hub talks to it exactly as to a server.
 *
 * What the client sends (client-node/src/connection/node_base_connection.ts): query() and
 * command() POST the SQL as the body; insert() puts `INSERT INTO t FORMAT F` in the `query`
 * URL param and the rows in the body (gzip when request compression is on); settings,
 * `database`, `query_id` and `param_<name>` (values in ClickHouse's text escaping) are URL
 * params; credentials come as Basic auth (or X-ClickHouse-User/Key, or user/password params).
 * What it parses: a non-2xx status or an X-ClickHouse-Exception-Code header means failure and
 * the body is matched with /Code: N. … Exception: msg (TYPE)/; X-ClickHouse-Summary is JSON.
 *
 * chDB has one session per data directory and settings, params and the current database are
 * session state (SET), so requests run one at a time, each with its own SETs undone after it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Session } from 'chdb';

export interface ClickHouseHttpOptions {
  /** chDB data directory: keep it to restart the server with its data */
  path: string;
  /** user → password; default `{ default: '' }` */
  users?: Record<string, string>;
  /** databases created at start (a real server has them before clients connect) */
  databases?: string[];
  /** listen here (0 = a free port); a restart passes the port it had */
  port?: number;
  /**
   * Answer the hub's CLICKHOUSE_CLUSTER DDL (server/storage/cluster-ddl.ts) as a one-shard,
   * one-replica cluster would: chDB has no Keeper and no remote_servers, so it cannot run
   * `ON CLUSTER`, Replicated* or Distributed. Such a statement is recorded as received and run
   * in its single-node form: `ON CLUSTER x` dropped, Replicated*MergeTree as *MergeTree without
   * the Keeper path and replica name, and each Distributed table as a Buffer that passes every
   * block straight to its `_local` table (all max_* thresholds 0), so inserts and reads through
   * the names the hub uses reach the local tables and their materialized views fire. Off, such a
   * statement fails as on a server without that cluster.
   */
  acceptClusterDdl?: boolean;
}

/** One request as received: its SQL, and the settings of its URL (not the HTTP-layer parameters). */
export interface ReceivedQuery {
  sql: string;
  settings: Record<string, string>;
}

export interface ClickHouseHttpServer {
  url: string;
  port: number;
  /** statements executed so far, in order, as received (for tests that check what the hub sent) */
  statements: string[];
  /** the same requests with their settings */
  queries: ReceivedQuery[];
  /** stops listening and drops open connections; the chDB session stays for a restart */
  stop(): Promise<void>;
  /** listens again on the same port */
  restart(): Promise<void>;
  /** stop and close the chDB session */
  close(): Promise<void>;
}

const VERSION = '25.8.1.1';
/** Settings of the HTTP layer, not the engine: never SET. */
const httpOnlyParams = new Set(['query', 'database', 'default_format', 'query_id', 'session_id', 'user', 'password', 'role', 'enable_http_compression', 'wait_end_of_query', 'send_progress_in_http_headers', 'http_headers_progress_interval_ms']);

/** HTTPHandler.cpp's exceptionCodeToHTTPStatus for the codes that matter here. */
function httpStatusOf(code: number): number {
  if ([516, 192, 193, 194, 195, 196, 497].includes(code)) return 403; // authentication and access
  if ([60, 81, 46, 47].includes(code)) return 404; // UNKNOWN_TABLE, UNKNOWN_DATABASE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER
  if ([62, 27, 53, 26, 6, 38, 41, 72, 117].includes(code)) return 400; // SYNTAX_ERROR, CANNOT_PARSE_*, TYPE_MISMATCH…
  return 500;
}

class HttpError extends Error {
  constructor(readonly code: number, readonly type: string, message: string) {
    super(message);
  }
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const settingName = /^[A-Za-z_][A-Za-z0-9_]*$/;

function credentials(req: IncomingMessage, url: URL): { user: string; password: string } {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const text = Buffer.from(basic, 'base64').toString();
    const i = text.indexOf(':');
    return { user: decodeURIComponent(text.slice(0, i)), password: decodeURIComponent(text.slice(i + 1)) };
  }
  const header = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined);
  return {
    user: header('x-clickhouse-user') ?? url.searchParams.get('user') ?? 'default',
    password: header('x-clickhouse-key') ?? url.searchParams.get('password') ?? '',
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/** `INSERT INTO db.t (a, b) [SETTINGS …] FORMAT F` → its parts; undefined for other statements. */
function parseInsert(sql: string): { table: string; columns?: string[]; format: string } | undefined {
  const m = /^\s*INSERT\s+INTO\s+(?:TABLE\s+)?([`\w.]+)\s*(?:\(([^)]*)\))?\s*FORMAT\s+(\w+)\s*$/is.exec(sql);
  if (!m) return undefined;
  const columns = m[2]?.split(',').map((c) => c.trim().replace(/^`|`$/g, ''));
  return { table: m[1]!.replace(/`/g, ''), columns, format: m[3]! };
}

/**
 * chDB's insert() takes text formats only: a Native body goes through a file. The URL's
 * settings are SET on the session already (see the request handler), so they apply here too.
 */
async function insertNative(session: Session, insert: { table: string; columns?: string[] }, body: Buffer): Promise<{ rowsWritten: number; bytesWritten: number }> {
  const file = join(tmpdir(), `octolens-ch-http-${randomUUID()}.native`);
  await writeFile(file, body);
  try {
    const columns = insert.columns ? ` (${insert.columns.map((c) => `\`${c}\``).join(', ')})` : '';
    const r = await session.queryAsync(`INSERT INTO ${insert.table}${columns} SELECT * FROM file('${file}', 'Native')`);
    return { rowsWritten: r.rowsRead, bytesWritten: body.length };
  } finally {
    await rm(file, { force: true });
  }
}

/** The single-node form of a cluster DDL statement (see `acceptClusterDdl`). */
function singleNode(sql: string): string {
  return sql
    .replace(/ ON CLUSTER (?:\w+|'[^']*')/g, '')
    .replace(/\bReplicated(\w*MergeTree)\('[^']*', '[^']*'(?:, )?/g, '$1(')
    .replace(/\bENGINE = Distributed\((?:\w+|'[^']*'), currentDatabase\(\), (\w+), .*?\)(?=( COMMENT '|$))/g, 'ENGINE = Buffer(currentDatabase(), $1, 1, 0, 0, 0, 0, 0, 0)');
}

export async function startClickHouseHttp({ path, users = { default: '' }, databases = [], port = 0, acceptClusterDdl = false }: ClickHouseHttpOptions): Promise<ClickHouseHttpServer> {
  const session = new Session(path);
  for (const db of databases) await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${db}`);
  const statements: string[] = [];
  const queries: ReceivedQuery[] = [];
  let turn: Promise<unknown> = Promise.resolve();
  /** one request at a time on the one session */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn, fn);
    turn = next.catch(() => undefined);
    return next;
  };

  async function execute(url: URL, body: Buffer, res: ServerResponse, queryId: string): Promise<void> {
    const inUrl = url.searchParams.get('query');
    const received = inUrl ?? body.toString();
    statements.push(received);
    queries.push({ sql: received, settings: Object.fromEntries([...url.searchParams].filter(([k]) => !httpOnlyParams.has(k) && !k.startsWith('param_'))) });
    const sql = acceptClusterDdl && /\bON CLUSTER\b/.test(received) ? singleNode(received) : received;
    const sets: string[] = [];
    const database = url.searchParams.get('database');
    if (database) await session.queryAsync(`USE ${database.replace(/[^\w]/g, '')}`);
    try {
      for (const [k, v] of url.searchParams) {
        if (httpOnlyParams.has(k) || !settingName.test(k)) continue;
        if (k.startsWith('param_')) await session.queryAsync(`SET ${k} = ${quote(v)}`);
        else await session.queryAsync(`SET ${k} = ${/^-?\d+(\.\d+)?$/.test(v) ? v : quote(v)}`);
        sets.push(k);
      }
      const insert = inUrl !== null ? parseInsert(sql) : undefined;
      if (insert) {
        const settings = Object.fromEntries([...url.searchParams].filter(([k]) => !httpOnlyParams.has(k) && !k.startsWith('param_')));
        const s = insert.format === 'Native' ? await insertNative(session, insert, body) : await session.insert({
          table: insert.table,
          values: body,
          format: insert.format as 'JSONEachRow',
          columns: insert.columns,
          settings,
        });
        res.writeHead(200, {
          'X-ClickHouse-Query-Id': queryId,
          'X-ClickHouse-Summary': summary(0, 0, s.rowsWritten, s.bytesWritten),
          'X-ClickHouse-Server-Display-Name': 'octolens-test-clickhouse',
        });
        res.end();
        return;
      }
      const format = /\bFORMAT\s+(\w+)\s*(?:SETTINGS\b[^;]*)?;?\s*$/i.exec(sql)?.[1] ?? url.searchParams.get('default_format') ?? 'TabSeparated';
      const r = await session.queryAsync(sql, { format });
      res.writeHead(200, {
        'Content-Type': format.startsWith('JSON') ? 'application/x-ndjson; charset=UTF-8' : 'text/tab-separated-values; charset=UTF-8',
        'X-ClickHouse-Query-Id': queryId,
        'X-ClickHouse-Format': format,
        'X-ClickHouse-Timezone': 'UTC',
        'X-ClickHouse-Summary': summary(r.rowsRead, r.bytesRead, 0, 0),
      });
      res.end(Buffer.from(r.bytes()));
    } finally {
      for (const k of sets) await session.queryAsync(`SET ${k} = DEFAULT`).catch(() => undefined);
      if (database) await session.queryAsync('USE default');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end('Ok.\n');
      return;
    }
    const queryId = url.searchParams.get('query_id') ?? randomUUID();
    try {
      const body = await readBody(req);
      const { user, password } = credentials(req, url);
      if (users[user] !== password) {
        throw new HttpError(516, 'AUTHENTICATION_FAILED', `${user}: Authentication failed: password is incorrect, or there is no user with such name.`);
      }
      await serial(() => execute(url, body, res, queryId));
    } catch (e) {
      const err = e instanceof HttpError ? e : fromChdb(e);
      if (res.headersSent) return void res.destroy();
      res.writeHead(httpStatusOf(err.code), {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Query-Id': queryId,
        'X-ClickHouse-Exception-Code': String(err.code),
      });
      res.end(`Code: ${err.code}. DB::Exception: ${err.message} (${err.type}) (version ${VERSION} (official build))\n`);
    }
  }

  let server: Server | undefined;
  let boundPort = port;
  async function listen(): Promise<void> {
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(boundPort, '127.0.0.1', () => resolve());
    });
    boundPort = (server.address() as { port: number }).port;
  }
  await listen();
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  };
  return {
    get url() {
      return `http://127.0.0.1:${boundPort}`;
    },
    get port() {
      return boundPort;
    },
    statements,
    queries,
    stop,
    restart: listen,
    async close() {
      await stop();
      await turn;
      session.close();
    },
  };
}

function summary(readRows: number, readBytes: number, writtenRows: number, writtenBytes: number): string {
  const s = (n: number) => String(n);
  return JSON.stringify({
    read_rows: s(readRows),
    read_bytes: s(readBytes),
    written_rows: s(writtenRows),
    written_bytes: s(writtenBytes),
    total_rows_to_read: s(readRows),
    result_rows: s(writtenRows || readRows),
    result_bytes: s(writtenBytes || readBytes),
    elapsed_ns: '0',
  });
}

/** chDB's errors carry the server's own `Code: N. DB::Exception: msg. (TYPE)` text. */
function fromChdb(e: unknown): HttpError {
  const text = String((e as { message?: unknown })?.message ?? e);
  const m = /Code: (\d+)\. DB::Exception: ([\s\S]*?)\s*\(([A-Z0-9_]+)\)\s*(?:\(version [^)]*\))?\s*$/.exec(text);
  if (m) return new HttpError(Number(m[1]), m[3]!, m[2]!);
  return new HttpError(1001, 'STD_EXCEPTION', text);
}
