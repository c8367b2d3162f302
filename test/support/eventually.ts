/**
 * Polls until `fn` returns a value that `ok` accepts. When time runs out it returns the last
 * value, so the caller's own assertion says what was seen.
 */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < until);
  return last;
}
