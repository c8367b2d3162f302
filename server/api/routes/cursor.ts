import { z } from 'zod';

/**
 * Paging cursors are opaque to clients: base64url of a small JSON object that says where the
 * previous page ended. A client passes `nextCursor` back as `cursor`, with the same filters.
 * @example encodeCursor({ t: '1700000000123456789', id: 'ab…' }) // 'eyJ0Ijoi…'
 */
export const encodeCursor = (position: object): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/** A `cursor` parameter decoded and checked against the position `schema` of its route. */
export const cursorParam = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.output<T> => {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `not a cursor of this search: pass the previous page's nextCursor as it came, got "${text}"` });
    return z.NEVER;
  });

/** Nanoseconds since the epoch as a decimal string (what ClickHouse's toUnixTimestamp64Nano prints). */
export const nanosString = z.string().regex(/^\d{1,19}$/);
