/**
 * Nanosecond decimal strings (the API's `*UnixNano` fields, past 2^53) → BigInt; 0n when malformed.
 * @example nanos('1700000000123456789') - nanos('1700000000000000000') // 123456789n
 */
export function nanos(text: string): bigint {
  try {
    return BigInt(text);
  } catch {
    return 0n;
  }
}

/** Orders two `*UnixNano` strings, newest first. */
export function newestFirst(a: string, b: string): number {
  const d = nanos(b) - nanos(a);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}
