import { describe, expect, it } from 'vitest';
import { parseAttributeFilter, type AttributeFilter } from '../../../query/search-filter.js';
import { containsPattern, commonAttributeKeysSql, logFacetsSql, logsAroundSql, logsSql, logVolumeSql } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000, limit: 100 };
const filter = (text: string) => parseAttributeFilter(text) as AttributeFilter;

describe('logs SQL', () => {
  it('reads the newest records in range', () => {
    expect(logsSql(range)).toMatchSnapshot();
  });
  it('looks ASCII text up as a lowercase LIKE in the body and the attribute values', () => {
    expect(logsSql({ ...range, q: 'TimeOut', service: { text: 'checkout', exact: true }, severity: 13 })).toMatchSnapshot();
  });
  it('looks in the body alone with in=body, which the trigram index serves', () => {
    expect(logsSql({ ...range, q: 'TimeOut', qIn: 'body', service: { text: 'check', exact: false } })).toMatchSnapshot();
  });
  it('binds attribute filters on log and resource attributes and the intrinsic fields', () => {
    const filters = ['http.route=/cart', 'resource.host.name=web-1', 'severity.number>=17', 'severity.text!=DEBUG', 'user.id=~^u-[0-9]+$'].map(filter);
    expect(logsSql({ ...range, filters })).toMatchSnapshot();
  });
  it('continues after a cursor, skipping the records of its nanosecond already returned', () => {
    expect(logsSql({ ...range, limit: 101, after: { timeUnixNano: '1795557700123456789', skip: 2 } })).toMatchSnapshot();
  });
  it('finds the common attribute keys and counts facet values in records', () => {
    expect(commonAttributeKeysSql({ ...range, q: 'card' }, 5, ['service.name'])).toMatchSnapshot();
    expect(logFacetsSql({ ...range, q: 'card' }, ['service.name', 'severity.text', 'http.route'], 10)).toMatchSnapshot();
  });
  it('counts records per bucket and level', () => {
    expect(logVolumeSql({ ...range, severity: 13 }, 60)).toMatchSnapshot();
  });
  it('reads one service around a moment', () => {
    expect(logsAroundSql('checkout', '1795557700123456789', 20)).toMatchSnapshot();
  });
  it('matches non-ASCII text with positionCaseInsensitiveUTF8', () => {
    expect(logsSql({ ...range, q: 'Été déclined', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' })).toMatchSnapshot();
  });
  it.each([
    ['timeout', '%timeout%'],
    ['Card Declined', '%card declined%'],
    ['50%', '%50\\%%'],
    ['user_id', '%user\\_id%'],
    ['C:\\temp', '%c:\\\\temp%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('escapes %j as the LIKE pattern %j', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});
