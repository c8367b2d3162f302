import { describe, expect, it } from 'vitest';
import { filtersHref, searchHref, urlFilters } from './url-filters';

describe('url filters', () => {
  it('reads repeated filter parameters, in order', () => {
    expect(urlFilters(new URL('http://hub/logs?filter=a%3D1&q=x&filter=b%3E%3D2&filter='))).toEqual(['a=1', 'b>=2']);
  });

  it('writes the list back, once each, and drops the page cursor', () => {
    const url = new URL('http://hub/traces?service=pay&filter=a%3D1&cursor=abc');
    expect(filtersHref(url, ['a=1', 'http.route=~^/cart', 'a=1'])).toBe('http://hub/traces?service=pay&filter=a%3D1&filter=http.route%3D%7E%5E%2Fcart');
    expect(filtersHref(url, [])).toBe('http://hub/traces?service=pay');
  });

  it('writes a submitted form: fields set or removed, filters kept or replaced', () => {
    const url = new URL('http://hub/logs?q=old&filter=a%3D1&cursor=abc&from=now-6h');
    expect(searchHref(url, { q: '', service: 'tax' })).toBe('http://hub/logs?from=now-6h&filter=a%3D1&service=tax');
    expect(searchHref(url, { q: 'new' }, [])).toBe('http://hub/logs?q=new&from=now-6h');
  });
});
