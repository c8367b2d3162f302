import { describe, expect, it } from 'vitest';
import { formatMatchers, parseMatchers } from './silence-input';

describe('parseMatchers', () => {
  it('reads amtool-style matchers', () => {
    expect(parseMatchers('service=checkout, severity=~page|ticket , team!=search, alertname!~"Cost.*"')).toEqual({
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'severity', op: '=~', value: 'page|ticket' },
        { label: 'team', op: '!=', value: 'search' },
        { label: 'alertname', op: '!~', value: 'Cost.*' },
      ],
    });
  });

  it('keeps a comma inside quotes', () => {
    expect(parseMatchers('route=~"/a,/b"')).toEqual({ matchers: [{ label: 'route', op: '=~', value: '/a,/b' }] });
  });

  it('names the piece it cannot read', () => {
    expect(parseMatchers('service=checkout, http.route=/cart')).toEqual({ error: '"http.route=/cart" is not label=value (also !=, =~, !~)' });
    expect(parseMatchers('')).toEqual({ matchers: [] });
  });

  it('formats back', () => {
    expect(formatMatchers([{ label: 'octolens_alert', op: '=', value: 'shop:page-fast' }, { label: 'severity', op: '=~', value: 'page' }])).toBe('octolens_alert="shop:page-fast", severity=~"page"');
  });
});
