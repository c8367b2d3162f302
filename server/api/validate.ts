import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError } from './errors.js';

/**
 * zValidator with the one hook every route shares: a 400 whose message names each
 * bad parameter and says what was wrong with it.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({ parameter: i.path.join('.') || target, message: i.message }));
    throw new AppError('bad_request', issues.map((i) => `${i.parameter}: ${i.message}`).join('; '), issues);
  });
