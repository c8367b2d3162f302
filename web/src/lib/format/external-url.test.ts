import { describe, expect, it } from 'vitest';
import { externalHref } from './external-url';

describe('externalHref', () => {
  it.each(['https://github.com/acme/checkout/actions/runs/1', 'http://jenkins.internal:8080/job/deploy/12/', 'HTTPS://acme.pagerduty.com/incidents/Q1'])('links %s', (url) => {
    expect(externalHref(url)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative/path',
    'not a url',
    '',
    null,
    undefined,
  ])('does not link %j', (url) => {
    expect(externalHref(url)).toBeUndefined();
  });
});
