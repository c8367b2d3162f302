import { z } from 'zod';

/** 'octo' in ASCII: an advisory lock key no other application in the database is likely to use. */
export const DEFAULT_LEASE_KEY = 0x6f63746f;

export const leaseConfigSchema = z
  .object({
    /** the PostgreSQL advisory lock key: a bigint to PostgreSQL, kept within JavaScript's safe integers */
    key: z.coerce.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_LEASE_KEY),
    /** how often a replica tries the lease; absent → a quarter of the shortest job interval, 1–15 s */
    intervalMs: z.coerce.number().int().min(100).optional(),
  })
  .strict();

export type LeaseConfig = z.infer<typeof leaseConfigSchema>;

export const defaultLeaseConfig = (): LeaseConfig => ({ key: DEFAULT_LEASE_KEY });

/**
 * The try interval. A replica takes a freed lease at its next try, so a quarter of the
 * shortest job interval keeps failover inside one interval of every job, with room for the
 * new leader's first pass.
 *
 * @example leaseIntervalMs({ key: 1 }, [30_000, 60_000]) // 7_500
 */
export function leaseIntervalMs(config: LeaseConfig, jobIntervalsMs: number[]): number {
  if (config.intervalMs !== undefined) return config.intervalMs;
  return Math.min(15_000, Math.max(1_000, Math.floor(Math.min(...jobIntervalsMs) / 4)));
}
