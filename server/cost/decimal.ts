/**
 * Exact decimal arithmetic for money in JS (decimal.js), configured once: 60 significant
 * digits (Decimal(38, 10) sums never round), half-even. A clone, so other users of
 * decimal.js keep their own settings. ClickHouse does the sums of stored rows; JS adds only
 * what an import reports and what a shared-cost split hands out.
 */
import { Decimal } from 'decimal.js';

export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = InstanceType<typeof Money>;

/** Rounds to cents for an answer: half-even, always two fraction digits. @example cents(new Money('13.705')) === '13.70' */
export function cents(value: Money | string): string {
  return new Money(value).toFixed(2, Decimal.ROUND_HALF_EVEN);
}
