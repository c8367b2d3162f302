/**
 * Run after the hub has stopped, in its own process (chDB opens one data dir per process):
 *   node --import tsx bench/remote-write/count-octolens.ts <hub data dir>
 * Prints the samples of job "node" stored in the metric tables (one row is one sample: the
 * stream has no histograms).
 */
import { join } from 'node:path';
import { Session } from 'chdb';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: count-octolens.ts <hub data dir>');
const session = new Session(join(dataDir, 'clickhouse'));
const [row] = session
  .query("SELECT (SELECT count() FROM otel_metrics_gauge_all WHERE ServiceName = 'node') + (SELECT count() FROM otel_metrics_sum_all WHERE ServiceName = 'node') AS n", 'JSONEachRow')
  .trim()
  .split('\n');
process.stdout.write(`${(JSON.parse(row!) as { n: string }).n}\n`);
session.close();
