import { describe, expect, it } from 'vitest';
import { Router } from '../../lib/router/router.svelte';
import { bucketTracesHref } from './bucket-traces';

describe('bucketTracesHref', () => {
  const router = new Router('http://hub/services/checkout?from=now-6h');
  const bucket = { from: 1_796_205_660_000, to: 1_796_205_720_000 };

  it('opens the exact service over the bucket, errors only from the error chart', () => {
    expect(bucketTracesHref(router, { service: 'checkout' }, bucket)).toBe('/traces?service=%22checkout%22&from=1796205660000&to=1796205720000');
    expect(bucketTracesHref(router, { service: 'checkout', errorsOnly: true }, bucket)).toBe('/traces?service=%22checkout%22&status=error&from=1796205660000&to=1796205720000');
  });

  it('adds the operation of a per-operation chart', () => {
    expect(bucketTracesHref(router, { service: 'checkout', operation: 'GET /cart' }, bucket)).toBe(
      '/traces?service=%22checkout%22&operation=%22GET+%2Fcart%22&from=1796205660000&to=1796205720000',
    );
  });
});
