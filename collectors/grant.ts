import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { IngestGrant } from './types.js';

// a Hono context variable: the hub's guard runs before the collector routes, on the same request
const INGEST_GRANT = 'ingestGrant';

/** Leaves a request's grant for the collector routes; the hub's guard calls it once the sender's token checked out. */
export function setIngestGrant(c: Context, grant: IngestGrant): void {
  c.set(INGEST_GRANT as never, grant as never);
}

/** The request's IngestGrant; undefined: it may send anything (an unlimited token, or authentication off). */
export function ingestGrantOf(c: Context): IngestGrant | undefined {
  return c.get(INGEST_GRANT as never) as IngestGrant | undefined;
}

/**
 * One request's check against its grant: a receiver asks once per OTLP resource or
 * remote_write series (one Set lookup), never per item, and counts the items it refuses by
 * service, for the answer's message.
 */
export class GrantCheck {
  /** items refused, in all */
  refused = 0;
  private readonly byService = new Map<string, number>();

  constructor(private readonly grant: IngestGrant) {}

  admits(service: string): boolean {
    return this.grant.services.has(service);
  }

  refuse(service: string, items: number): void {
    this.byService.set(service, (this.byService.get(service) ?? 0) + items);
    this.refused += items;
  }

  /**
   * What a request's idempotency key (its bytes' hash) gets appended once this check refused
   * some of it: what is stored then depends on the token's services as well as the bytes, and
   * the same bytes sent with a token for more services must be stored, not answered as a copy.
   * Empty when nothing was refused: then all of the bytes were stored, as for any sender.
   */
  keySuffix(): string {
    if (this.refused === 0) return '';
    return `/services:${createHash('sha256').update(JSON.stringify([...this.grant.services].sort())).digest('base64url')}`;
  }

  /**
   * What was refused, for the answer; `noun` names what the refused service names are
   * (remote_write: a series' job).
   * @example check.message() // 'the token may send only service "checkout", not "payments" (3)'
   */
  message(noun?: 'job'): string {
    const plural = (word: string, n: number) => (n === 1 ? word : `${word}s`);
    const allowed = [...this.grant.services].map((s) => `"${s}"`).join(', ');
    const refused = [...this.byService].map(([s, n]) => `"${s}" (${n})`).join(', ');
    return `the token may send only ${plural('service', this.grant.services.size)} ${allowed}, not ${noun ? `${plural(noun, this.byService.size)} ` : ''}${refused}`;
  }
}
