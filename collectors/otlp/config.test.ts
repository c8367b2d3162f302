import { describe, expect, it } from 'vitest';
import { defaultOtlpConfig, otlpConfigSchema } from './config.js';

describe('otlpConfigSchema', () => {
  it('defaults both body limits to 16 MiB, the string limits to 1 KiB keys, 64 KiB values, 256 KiB log bodies, and scrubs with every built-in rule', () => {
    expect(defaultOtlpConfig()).toEqual({
      maxBodyBytes: 16 * 1024 * 1024,
      maxCompressedBodyBytes: 16 * 1024 * 1024,
      maxAttributeKeyBytes: 1024,
      maxAttributeValueBytes: 64 * 1024,
      maxLogBodyBytes: 256 * 1024,
      maxAttributes: 1024,
      scrub: { enabled: true, rules: ['keys', 'bearer', 'basic', 'jwt', 'email', 'card'], keys: [], patterns: {} },
    });
  });

  it('refuses a misspelt key instead of ignoring it', () => {
    const result = otlpConfigSchema.safeParse({ maxBodyByte: 1024 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['maxBodyByte'] });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(otlpConfigSchema.safeParse({ maxBodyBytes: 0 }).success).toBe(false);
    expect(otlpConfigSchema.safeParse({ maxCompressedBodyBytes: 1.5 }).success).toBe(false);
  });
});
