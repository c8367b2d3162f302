import type { TimeWindow } from '../../lib/components/chart-interaction';
import type { Router } from '../../lib/router/router.svelte';

/** What a RED chart counts: one service's requests, one operation's when the chart is per operation, errors only on the error chart. */
export interface RedChartScope {
  service: string;
  operation?: string;
  errorsOnly?: boolean;
}

/** A whole name in double quotes: the search matches it exactly, not as a part (docs/search.md). */
const exactly = (name: string | undefined) => (name ? `"${name}"` : undefined);

/**
 * The trace search for one bucket of a RED chart: its window as an absolute range and the
 * chart's own filters, so the list holds the requests the clicked point counted.
 * @example bucketTracesHref(router, { service: 'checkout', errorsOnly: true }, { from: 1_796_205_660_000, to: 1_796_205_720_000 })
 *   // '/traces?service=%22checkout%22&status=error&from=1796205660000&to=1796205720000'
 */
export function bucketTracesHref(router: Router, scope: RedChartScope, bucket: TimeWindow): string {
  return router.href('/traces', {
    service: exactly(scope.service),
    operation: exactly(scope.operation),
    status: scope.errorsOnly ? 'error' : undefined,
    from: bucket.from,
    to: bucket.to,
  });
}
