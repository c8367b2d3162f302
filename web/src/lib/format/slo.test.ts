import { describe, expect, it } from 'vitest';
import {
  budgetBar,
  budgetLevel,
  formatBudget,
  formatBurn,
  formatExhaustion,
  formatObjective,
  formatSli,
  formatWindow,
  groupChips,
  matchesSlo,
  parseWindow,
  secondsBetween,
  sloPath,
  sortAlerts,
  sortTiers,
  sourceLabel,
  windowPair,
} from './slo';

describe('budget bar', () => {
  it.each([
    [1, 'ok'],
    [0.5, 'ok'],
    [0.4999, 'warn'],
    [0.2, 'warn'],
    [0.1999, 'bad'],
    [0, 'bad'],
    [-0.0001, 'overspent'],
    [-3, 'overspent'],
    [null, 'none'],
    [Number.NaN, 'none'],
  ] as const)('%s left → %s', (remaining, level) => {
    expect(budgetLevel(remaining)).toBe(level);
  });

  it('fills what is left and draws an overspend from the left, capped at the track', () => {
    expect(budgetBar(0.73)).toEqual({ level: 'ok', fill: 73, overspent: 0 });
    expect(budgetBar(-0.25)).toEqual({ level: 'overspent', fill: 0, overspent: 25 });
    expect(budgetBar(-4)).toEqual({ level: 'overspent', fill: 0, overspent: 100 });
    expect(budgetBar(1.2)).toMatchObject({ fill: 100 });
    expect(budgetBar(null)).toEqual({ level: 'none', fill: 0, overspent: 0 });
  });

  it('labels the budget with one decimal, negative when overspent', () => {
    expect(formatBudget(0.732)).toBe('73.2%');
    expect(formatBudget(-0.23)).toBe('-23.0%');
    expect(formatBudget(null)).toBe('–');
  });
});

describe('windows', () => {
  it.each([
    [300, '5m'],
    [1800, '30m'],
    [3600, '1h'],
    [5400, '90m'],
    [21600, '6h'],
    [86400, '1d'],
    [259200, '3d'],
    [2592000, '30d'],
    [90, '90s'],
    [0, '–'],
  ])('%i s → %s', (seconds, label) => {
    expect(formatWindow(seconds)).toBe(label);
  });

  it('parses what it formats, and nothing else', () => {
    for (const s of [300, 3600, 86400, 2592000, 90]) expect(parseWindow(formatWindow(s))).toBe(s);
    expect(parseWindow('1w')).toBe(604800);
    expect(parseWindow('1.5h')).toBe(5400);
    expect(parseWindow('soon')).toBeNaN();
    expect(parseWindow('5')).toBeNaN();
  });

  it('pairs a tier’s long and short window', () => {
    expect(windowPair({ longWindow: '1h', shortWindow: '5m' })).toBe('1h / 5m');
  });
});

describe('sortTiers', () => {
  const tier = (name: string, severity: 'page' | 'ticket', longWindow: string, threshold: number) => ({ name, severity, longWindow, threshold });

  it('puts pages first, then the fastest window, then the higher threshold', () => {
    const tiers = [
      tier('ticket-slow', 'ticket', '3d', 1),
      tier('page-slow', 'page', '6h', 6),
      tier('ticket-fast', 'ticket', '1d', 3),
      tier('page-fast', 'page', '1h', 14.4),
      tier('page-custom', 'page', '1h', 20),
    ];
    expect(sortTiers(tiers).map((t) => t.name)).toEqual(['page-custom', 'page-fast', 'page-slow', 'ticket-fast', 'ticket-slow']);
    expect(tiers[0]!.name).toBe('ticket-slow');
  });

  it('orders windows by length, not by text, and unreadable windows last', () => {
    const tiers = [tier('b', 'page', '90m', 2), tier('c', 'page', 'weird', 2), tier('a', 'page', '2h', 2), tier('d', 'page', '30m', 2)];
    expect(sortTiers(tiers).map((t) => t.longWindow)).toEqual(['30m', '90m', '2h', 'weird']);
  });
});

describe('objective, SLI and burn formats', () => {
  it('shows objectives as written', () => {
    expect(formatObjective(0.999)).toBe('99.9%');
    expect(formatObjective(0.9995)).toBe('99.95%');
    expect(formatObjective(0.99)).toBe('99%');
    expect(formatObjective(0.99999)).toBe('99.999%');
  });

  it('truncates the SLI to two decimals past the objective, so it never rounds up to meet it', () => {
    expect(formatSli(0.99895, 0.999)).toBe('99.895%');
    expect(formatSli(0.998999, 0.999)).toBe('99.899%');
    expect(formatSli(0.999, 0.999)).toBe('99.900%');
    expect(formatSli(0.987654, 0.99)).toBe('98.76%');
    expect(formatSli(1, 0.999)).toBe('100%');
    expect(formatSli(null, 0.999)).toBe('–');
  });

  it('writes burn rates as multiples', () => {
    expect(formatBurn(14.4)).toBe('14.4×');
    expect(formatBurn(6)).toBe('6×');
    expect(formatBurn(0.5)).toBe('0.5×');
    expect(formatBurn(0)).toBe('0×');
    expect(formatBurn(null)).toBe('–');
  });

  it('says how long the budget lasts', () => {
    expect(formatExhaustion(null)).toBe('not burning');
    expect(formatExhaustion(5400)).toBe('1.50 hours');
    expect(formatExhaustion(0)).toBe('exhausted');
    expect(secondsBetween('2026-01-01T00:00:00.000Z', '2026-01-01T01:30:00.000Z')).toBe(5400);
    expect(secondsBetween(null, '2026-01-01T01:30:00.000Z')).toBeNull();
  });
});

describe('list helpers', () => {
  const slo = { id: 'checkout-latency/route=/cart', name: 'latency', service: 'checkout', group: { route: '/cart' } };

  it('filters by exact service and by a substring of name, id or group value', () => {
    expect(matchesSlo(slo, {})).toBe(true);
    expect(matchesSlo(slo, { service: 'checkout', q: 'LAT' })).toBe(true);
    expect(matchesSlo(slo, { service: 'check' })).toBe(false);
    expect(matchesSlo(slo, { q: '/cart' })).toBe(true);
    expect(matchesSlo(slo, { q: 'availability' })).toBe(false);
  });

  it('names the source with a short commit, group chips in key order, and encodes ids into one path segment', () => {
    expect(sourceLabel({ file: 'checkout.yaml', line: 12, format: 'octolens/v1', commit: '1a2b3c4d5e6f' })).toBe('checkout.yaml:12 @ 1a2b3c4');
    expect(sourceLabel({ file: 'a.yaml', line: 1, format: 'octolens/v1' })).toBe('a.yaml:1');
    expect(groupChips({ route: '/cart', method: 'GET' })).toEqual(['method=GET', 'route=/cart']);
    expect(sloPath('checkout-latency/method=GET,route=/cart')).toBe('/slos/checkout-latency%2Fmethod%3DGET%2Croute%3D%2Fcart');
  });

  it('sorts alerts firing, pending, resolved, newest first', () => {
    const alerts = [
      { name: 'a', state: 'resolved', since: '2026-01-01T00:00:00Z' },
      { name: 'b', state: 'firing', since: '2026-01-01T00:00:00Z' },
      { name: 'c', state: 'pending', since: '2026-01-01T00:00:00Z' },
      { name: 'd', state: 'firing', since: '2026-01-01T01:00:00Z' },
    ] as const;
    expect(sortAlerts(alerts).map((a) => a.name)).toEqual(['d', 'b', 'c', 'a']);
  });
});
