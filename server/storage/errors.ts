/**
 * The one place that decides whether a failed insert is the data's fault or the store's.
 *
 * Like the OpenTelemetry Collector's exporters (consumererror.NewPermanent), a permanent
 * error is one that sending the same rows again cannot mend. The writer then splits the
 * batch so that only the request holding those rows is refused; a transient one retries the
 * batch as it is.
 *
 * An error without a ClickHouse code never reached a server that could judge the rows
 * (connection refused or reset, a socket timeout): transient. A ClickHouse exception means
 * the server read the insert and said no: permanent, unless its code is one of the store's
 * own troubles listed below (timeouts, memory, too many parts, a read-only or missing table,
 * replicas, access). Permanent by default is deliberate: a batch retried for ever on an
 * error the data causes would hold its insert slot until the queue fills and every client
 * gets 429, while a refused request is answered 400 with ClickHouse's reason, so its sender
 * sees it.
 */

export type StoreErrorKind = 'permanent' | 'transient';

/** ClickHouse error codes for the store's own state (https://github.com/ClickHouse/ClickHouse/blob/master/src/Common/ErrorCodes.cpp). */
const transientCodes = new Set<number>([
  32, // ATTEMPT_TO_READ_AFTER_EOF: the insert stream was cut on its way
  60, // UNKNOWN_TABLE: a migration not applied yet
  81, // UNKNOWN_DATABASE
  159, // TIMEOUT_EXCEEDED
  160, // TOO_SLOW
  164, // READONLY
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  243, // NOT_ENOUGH_SPACE
  252, // TOO_MANY_PARTS: merges are behind
  285, // TOO_FEW_LIVE_REPLICAS
  286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE
  319, // UNKNOWN_STATUS_OF_INSERT
  394, // QUERY_WAS_CANCELLED
  425, // SYSTEM_ERROR
  439, // CANNOT_SCHEDULE_TASK
  497, // ACCESS_DENIED
  516, // AUTHENTICATION_FAILED
  999, // KEEPER_EXCEPTION
  1001, // STD_EXCEPTION (e.g. bad_alloc)
]);

/** The ClickHouse error code of `err`: @clickhouse/client's `code` field, else "Code: N." in the text. */
function clickHouseCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const match = /\bCode: (\d+)\./.exec(String((err as { message?: unknown }).message ?? ''));
  return match ? Number(match[1]) : undefined;
}

/**
 * @example classifyStoreError(Object.assign(new Error('Decimal math overflow'), { code: '407' })) // → 'permanent'
 */
export function classifyStoreError(err: unknown): StoreErrorKind {
  const code = clickHouseCode(err);
  return code === undefined || transientCodes.has(code) ? 'transient' : 'permanent';
}

/**
 * What a client is told about rows the store refused: ClickHouse's reason and error name,
 * without the server-side paths and pipeline stages it appends.
 * @example storeErrorSummary(err) // → 'Decimal math overflow (while reading the value of key Timestamp) (DECIMAL_OVERFLOW)'
 */
export function storeErrorSummary(err: unknown): string {
  const code = clickHouseCode(err);
  let text = String((err as { message?: unknown } | null)?.message ?? err)
    .replace(/^Code: \d+\. DB::Exception: /, '')
    .replace(/\s*\((?:in file\/uri|at row|version) [^)]*\)/g, '')
    .replace(/:\s*While executing [\s\S]*$/, '')
    .replace(/:\s*\(/g, ' (')
    .replace(/[\s:.]+$/, '');
  // A server's text ends with the error name, "… (TYPE_MISMATCH)"; the client's `type` carries it too.
  const named = /\s*\(([A-Z_]+)\)$/.exec(text);
  if (named) text = text.slice(0, named.index).replace(/[\s:.]+$/, '');
  const type = (err as { type?: unknown } | null)?.type;
  const name = typeof type === 'string' && type !== '' ? type : named ? named[1] : code !== undefined ? `code ${code}` : undefined;
  text = text.slice(0, 300);
  return name ? `${text} (${name})` : text;
}
