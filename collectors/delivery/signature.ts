import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA256 of `body` under `secret`, as GitHub, PagerDuty and others sign deliveries. */
export function hmacSha256Hex(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Compares two secrets or signatures in constant time for equal lengths (a length
 * difference says nothing about the secret), so a wrong guess reveals no prefix.
 */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
