/** Test doubles for delivery collectors: a queue that keeps what it is given, counters that record. */
import { createLogger } from '../../server/lib/log.js';
import type { IngestQueue, IngestRequest, PushResult } from '../../server/queue/types.js';
import { rowsOfNative } from '../native-testing.js';
import type { CollectorDeps, IngestCounters } from '../types.js';

/** Deps whose queue stores everything at once (answering `result`), with what was pushed and counted. */
export function recordingDeps(result: (request: IngestRequest) => PushResult = () => ({ refused: [] })) {
  const pushes: IngestRequest[] = [];
  const counted: Array<[string, string | null, number]> = [];
  const queue: IngestQueue = {
    push: async (request) => {
      pushes.push(request);
      return result(request);
    },
    admit: () => {},
    depth: () => ({ rows: 0, bytes: 0 }),
    start: async () => {},
    stop: async () => {},
  };
  const counters: IngestCounters = {
    accepted: (_s, rows) => void counted.push(['accepted', null, rows]),
    refused: (_s, reason, rows) => void counted.push(['refused', reason, rows]),
    refusedRequest: (_s, reason) => void counted.push(['refusedRequest', reason, 1]),
  };
  const deps: CollectorDeps = { queue, counters, log: createLogger('error', () => {}) };
  /** the rows of one table in push `i`, read back from JSONEachRow or a Native block */
  const rowsOf = (table: string, i = 0): Array<Record<string, unknown>> => {
    const part = pushes[i]?.parts.find((p) => p.table === table);
    if (part?.format === 'Native') return rowsOfNative(part.data as Buffer);
    return String(part?.data ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { deps, pushes, counted, rowsOf };
}
