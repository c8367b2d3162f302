import { z } from 'zod';
import type { TelemetryStore } from '../../storage/index.js';
import { storeErrorSummary } from '../../storage/errors.js';
import { AppError } from '../errors.js';
import { parseAttributeFilter, parseNameMatch, type AttributeFilter } from '../../query/search-filter.js';

const MAX_FILTERS = 20;

/**
 * `filter=key<op>value`, repeatable (docs/search.md): every filter must hold, except that
 * `=` filters on one key are alternatives.
 * @example z.object({ filter: attributeFilterParam.default([]) })
 */
export const attributeFilterParam = z.union([z.string(), z.array(z.string())]).transform((input, ctx): AttributeFilter[] => {
  const texts = Array.isArray(input) ? input : [input];
  if (texts.length > MAX_FILTERS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_FILTERS} filters, got ${texts.length}` });
    return z.NEVER;
  }
  const filters: AttributeFilter[] = [];
  for (const text of texts) {
    const parsed = parseAttributeFilter(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    filters.push(parsed);
  }
  return filters;
});

/** A name box: a case-insensitive part of the name, or `"the whole name"` in double quotes. */
export const nameMatchParam = z.string().min(1).transform(parseNameMatch);

const isRegexpError = (err: unknown) => /\bCANNOT_COMPILE_REGEXP\b|\bCode: 427\b/.test(String((err as { message?: unknown } | null)?.message ?? '')) || (err as { code?: unknown } | null)?.code === '427';

/**
 * Runs a search; when ClickHouse cannot compile one of the `=~`/`!~` patterns (RE2 is the
 * judge, not JavaScript's RegExp: the syntaxes differ), finds which one and answers 400 on
 * `filter`, naming it, instead of a 500.
 */
export async function withFilterRegexCheck<T>(store: TelemetryStore, filters: AttributeFilter[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isRegexpError(err)) throw err;
    for (const f of filters.filter((x) => x.op === '=~' || x.op === '!~')) {
      try {
        await store.query(`SELECT match('', {re:String}) AS ok`, { re: f.value });
      } catch (e) {
        const message = `"${f.text}": ClickHouse cannot compile "${f.value}" as an RE2 regular expression (${storeErrorSummary(e)})`;
        throw new AppError('bad_request', `filter: ${message}`, [{ parameter: 'filter', message }]);
      }
    }
    throw err;
  }
}
