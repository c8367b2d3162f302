/** How the DORA routes turn SQL aggregates into figures: null, never 0, when there is nothing to measure. */

/** n ÷ d, null when d is 0 */
export const rate = (n: number, d: number) => (d === 0 ? null : n / d);
export const quantile = (row: { quantiles: Array<number | null> } | undefined, i: number, samples: number) => {
  const v = row?.quantiles?.[i];
  return samples === 0 || v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
};
