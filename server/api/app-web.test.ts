import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createApp } from './app.js';

describe('the UI routes', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'octolens-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Octolens</title>');
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'assets', 'index-3f2a1b.js'), 'export {}');
  const app = createApp({ metrics: createHubMetrics(), webDir, isReady: async () => true });
  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  it.each(['/', '/index.html', '/slos', '/services/tax%20service', '/slos/checkout-latency%2Froute%3D%2Fcart', '/slos/a/route=/cart'])('%s loads the page, never cached', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Octolens</title>');
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.request('/assets/index-3f2a1b.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/services/checkout', '/assets/index-3f2a1b.js'])('%s carries the security headers: CSP, no framing, nosniff, no referrer', async (path) => {
    const res = await app.request(path);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // TLS is terminated in front of the hub: HSTS is that proxy's to set
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('still answers unknown API paths with a JSON 404', async () => {
    const res = await app.request('/api/v1/nope%2Fx');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });
});
