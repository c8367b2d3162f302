/**
 * The ClickHouse HTTP interface of test/support/clickhouse-http.ts (chDB behind it) in a
 * process of its own, so its CPU is measured apart from the load and from the workers:
 *   node --import tsx bench/scale-out/clickhouse-shim.ts <chDB dir>
 * Prints `{"url":…}` once listening; SIGINT closes it.
 */
import { startClickHouseHttp } from '../../test/support/clickhouse-http.js';

const server = await startClickHouseHttp({ path: process.argv[2]! });
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
