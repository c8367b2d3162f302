import { describe, expect, it } from 'vitest';
import type { AnyValue } from './model.js';
import { anyValueText, attributeMap, DEFAULT_ITEM_LIMITS, InvalidItem, itemLimits, MAX_ITEM_ERRORS, storableTime, StringLimit, optionalId, optionalIdProblem, Rejections, requiredIdProblem, SPAN_ID, TRACE_ID } from './normalise-common.js';
import { attrs } from './testing.js';

describe('anyValueText', () => {
  const kv = (key: string, value: AnyValue) => ({ key, value });
  it.each<[string, AnyValue, string]>([
    ['a string as it is', { type: 'string', value: 'héllo "x"' }, 'héllo "x"'],
    ['a bool', { type: 'bool', value: false }, 'false'],
    ['an int in decimal, every digit', { type: 'int', value: -9223372036854775808n }, '-9223372036854775808'],
    ['a double as JS number text', { type: 'double', value: 0.1 }, '0.1'],
    ['a non-finite double', { type: 'double', value: -Infinity }, '-Infinity'],
    ['bytes as base64', { type: 'bytes', value: Buffer.from([1, 2, 255]) }, 'AQL/'],
    ['an empty value as ""', { type: 'empty', value: null }, ''],
    [
      'an array as JSON, ints exact and non-finite doubles as strings',
      {
        type: 'array',
        value: [
          { type: 'string', value: 'a"b' },
          { type: 'int', value: 9007199254740993n },
          { type: 'double', value: NaN },
          { type: 'double', value: 1.5 },
          { type: 'bool', value: true },
          { type: 'bytes', value: Buffer.from('hi') },
          { type: 'empty', value: null },
        ],
      },
      '["a\\"b",9007199254740993,"NaN",1.5,true,"aGk=",null]',
    ],
    [
      'a kvlist as a JSON object in the order sent',
      { type: 'kvlist', value: [kv('z', { type: 'int', value: 1n }), kv('a', { type: 'kvlist', value: [kv('n', { type: 'array', value: [] })] })] },
      '{"z":1,"a":{"n":[]}}',
    ],
  ])('writes %s', (_what, value, text) => {
    expect(anyValueText(value)).toBe(text);
  });
});

describe('attributeMap', () => {
  const limits = itemLimits(DEFAULT_ITEM_LIMITS);
  it('flattens attributes to strings, the last of a repeated key winning', () => {
    expect(attributeMap([...attrs({ a: 'x', n: 200n, ok: true, r: 0.25 }), ...attrs({ a: 'y' })], limits)).toEqual({ a: 'y', n: '200', ok: 'true', r: '0.25' });
  });

  it('keeps a "__proto__" key as an attribute', () => {
    const tricky = attributeMap([{ key: '__proto__', value: { type: 'string', value: 'x' } }], limits);
    expect(JSON.stringify(tricky)).toBe('{"__proto__":"x"}');
    expect(Object.getPrototypeOf(tricky)).toBe(Object.prototype);
  });
});

describe('ids', () => {
  it.each([
    ['4bf92f3577b34da6a3ce929d0e0e4736', undefined],
    ['', 'expected 32 hex characters, not all zero, got ""'],
    ['0'.repeat(32), `expected 32 hex characters, not all zero, got "${'0'.repeat(32)}"`],
    ['4bf92f3577b34da6', 'expected 32 hex characters, not all zero, got "4bf92f3577b34da6"'],
    ['z'.repeat(32), `expected 32 hex characters, not all zero, got "${'z'.repeat(32)}"`],
  ])('requires a trace id to be 16 non-zero bytes: %j', (id, problem) => {
    expect(requiredIdProblem(id, TRACE_ID)).toBe(problem);
  });

  it('takes an optional id when empty or of its size, and stores all-zero as none', () => {
    expect(optionalIdProblem('', SPAN_ID)).toBeUndefined();
    expect(optionalIdProblem('0'.repeat(16), SPAN_ID)).toBeUndefined();
    expect(optionalIdProblem('abc', SPAN_ID)).toBe('expected 16 hex characters or none, got "abc"');
    expect(optionalId('0'.repeat(16), SPAN_ID)).toBe('');
    expect(optionalId('eee19b7ec3c1b174', SPAN_ID)).toBe('eee19b7ec3c1b174');
  });
});

describe('Rejections', () => {
  it(`counts every refused item and keeps the first ${MAX_ITEM_ERRORS} reasons`, () => {
    const rejections = new Rejections();
    for (let i = 0; i < 25; i++) rejections.add(`item ${i}`);
    expect(rejections.count).toBe(25);
    expect(rejections.errors).toEqual(Array.from({ length: MAX_ITEM_ERRORS }, (_, i) => `item ${i}`));
  });
});

describe('storableTime', () => {
  it('takes 2100-01-01T00:00:00Z, the last instant stored, and refuses one ns more naming the field', () => {
    expect(storableTime(4102444800000000000n, 'timeUnixNano')).toBe('4102444800.000000000');
    expect(storableTime(0n, 'timeUnixNano')).toBe('0000000000.000000000');
    expect(() => storableTime(4102444800000000001n, 'timeUnixNano')).toThrow(
      new InvalidItem('timeUnixNano', "4102444800000000001 is after 2100-01-01T00:00:00Z, the latest time Octolens stores (its partitions and retention use ClickHouse's DateTime, which ends in 2106)"),
    );
  });
});

describe('StringLimit', () => {
  const limit = new StringLimit(6, 'maxAttributeValueBytes');
  it.each([
    ['ASCII at the limit', 'abcdef', true],
    ['ASCII past it', 'abcdefg', false],
    ['two-byte characters at the limit', 'ééé', true],
    ['two-byte characters past it, though only 4 characters', 'éééé', false],
    ['a four-byte character pair (2 UTF-16 units)', '😀é', true],
  ])('%s', (_what, text, fits) => {
    if (fits) expect(limit.check(text, 'name')).toBe(text);
    else expect(() => limit.check(text, 'name')).toThrow(/^name: \d+ bytes, more than the 6 allowed \(maxAttributeValueBytes\)$/);
  });
});

describe('id problems', () => {
  it('quote at most 64 characters of a bad id back', () => {
    expect(requiredIdProblem('z'.repeat(100), TRACE_ID)).toBe(`expected 32 hex characters, not all zero, got "${'z'.repeat(64)}…" (100 characters)`);
  });
});
