import { describe, expect, it } from 'vitest';
import { hintedOtlpEndpoint, otlpEndpoint } from './otlp-endpoint';

describe('otlpEndpoint', () => {
  it.each([
    ['hub.internal', 5318, 'http://hub.internal:5318'],
    ['127.0.0.1', 4318, 'http://127.0.0.1:4318'],
    ['', 4318, 'http://localhost:4318'],
    // location.hostname of http://[::1]:8080/ is "[::1]"
    ['[::1]', 9000, 'http://[::1]:9000'],
    ['::1', 9000, 'http://[::1]:9000'],
  ])('%s at port %d → %s', (hostname, port, expected) => {
    expect(otlpEndpoint(hostname, port)).toBe(expected);
  });
});

describe('hintedOtlpEndpoint', () => {
  it('prints the port the hub says, … until it answers, the default when it cannot be read', () => {
    expect(hintedOtlpEndpoint('hub', { otlp: { httpPort: 5318 } }, undefined)).toBe('http://hub:5318');
    expect(hintedOtlpEndpoint('hub', undefined, undefined)).toBe('…');
    expect(hintedOtlpEndpoint('hub', undefined, new Error('404'))).toBe('http://hub:4318');
  });
});
