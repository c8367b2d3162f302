import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z } from 'zod';
import { AppError } from './errors.js';

export interface ParameterIssue {
  parameter: string;
  message: string;
}

/** The keys a schema's object accepts, through the pipes, defaults and optionals that wrap it. */
function acceptedKeys(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return acceptedKeys(schema.in as z.ZodType);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return acceptedKeys(schema.unwrap() as z.ZodType);
  return [];
}

/**
 * A zod failure → one issue per bad parameter. A `.strict()` object reports every unknown
 * key in one issue with an empty path; it is split so each unknown parameter is named by
 * its own name, with the ones the route accepts.
 * @example parameterIssues(error, 'query', schema) // [{ parameter: 'servce', message: 'unknown parameter (expected: from, to, service)' }]
 */
export function parameterIssues(error: { issues: z.core.$ZodIssue[] }, target: string, schema: z.ZodType): ParameterIssue[] {
  return error.issues.flatMap((i): ParameterIssue[] => {
    const at = i.path.map(String);
    if (i.code === 'unrecognized_keys') {
      const expected = at.length === 0 ? acceptedKeys(schema) : [];
      const hint = expected.length > 0 ? ` (expected: ${expected.join(', ')})` : '';
      return i.keys.map((key) => ({ parameter: [...at, key].join('.'), message: `unknown parameter${hint}` }));
    }
    return [{ parameter: at.join('.') || target, message: i.message }];
  });
}

/**
 * zValidator with the one hook every route shares: a 400 whose message names each
 * bad parameter and says what was wrong with it.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (result.success) return;
    const issues = parameterIssues(result.error, target, schema);
    throw new AppError('bad_request', issues.map((i) => `${i.parameter}: ${i.message}`).join('; '), issues);
  });
