import { describe, expect, it } from 'vitest';
import { attributeFilterSql, parseAttributeFilter, parseNameMatch, type AttributeFilter, type SignalFields } from './search-filter.js';

const fields: SignalFields = { attributes: 'SpanAttributes', intrinsic: { 'span.name': { text: 'SpanName', number: 'toFloat64OrNull(toString(SpanName))' } } };

describe('parseAttributeFilter', () => {
  it.each([
    ['http.route=/cart', 'http.route', '=', '/cart'],
    ['http.route=', 'http.route', '=', ''],
    ['a=b=c', 'a', '=', 'b=c'],
    ['user.id!=u-1', 'user.id', '!=', 'u-1'],
    ['error.type=~^(Timeout|Card)', 'error.type', '=~', '^(Timeout|Card)'],
    ['error.type!~(?i)timeout', 'error.type', '!~', '(?i)timeout'],
    ['code>=500', 'code', '>=', '500'],
    ['code>500', 'code', '>', '500'],
    ['code<=2.5e2', 'code', '<=', '2.5e2'],
    ['code< -1', 'code', '<', '-1'],
    ['span.name=GET /cart', 'span.name', '=', 'GET /cart'],
    [' resource.host.name =web 1', 'resource.host.name', '=', 'web 1'],
  ])('reads %j', (text, key, op, value) => {
    expect(parseAttributeFilter(text)).toEqual({ text, key, op, value });
  });

  it.each([
    ['http.route', 'expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "http.route"'],
    ['=x', 'expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "=x"'],
    ['a~b', 'expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "a~b"'],
    ['a!b', 'expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "a!b"'],
    ['code>', '"code>" compares numbers: expected a number after >, got ""'],
    ['code>=5xx', '"code>=" compares numbers: expected a number after >=, got "5xx"'],
  ])('refuses %j', (text, message) => {
    expect(parseAttributeFilter(text)).toBe(message);
  });
});

describe('attributeFilterSql', () => {
  it('binds values and keys, one IN per key for =, the rest one condition each', () => {
    const filters = ['a=1', 'resource.host.name=~^web', 'a=2', 'span.name!=lookup', 'n<=3'].map((t) => parseAttributeFilter(t) as AttributeFilter);
    const params: Record<string, unknown> = {};
    expect(attributeFilterSql(filters, fields, params)).toEqual([
      'match(ResourceAttributes[{f0k:String}], {f0:String})',
      'SpanName != {f1:String}',
      'toFloat64OrNull(SpanAttributes[{f2k:String}]) <= {f2:Float64}',
      'SpanAttributes[{f3k:String}] IN {f3:Array(String)}',
    ]);
    expect(params).toEqual({ f0: '^web', f0k: 'host.name', f1: 'lookup', f2: 3, f2k: 'n', f3: ['1', '2'], f3k: 'a' });
  });
});

describe('parseNameMatch', () => {
  it.each([
    ['pay', { text: 'pay', exact: false }],
    ['"payments"', { text: 'payments', exact: true }],
    ['"GET /cart"', { text: 'GET /cart', exact: true }],
    ['"', { text: '"', exact: false }],
    ['""', { text: '""', exact: false }],
  ])('reads %j', (typed, match) => {
    expect(parseNameMatch(typed)).toEqual(match);
  });
});
