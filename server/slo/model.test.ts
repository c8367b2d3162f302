import { describe, expect, it } from 'vitest';
import { defaultTiers } from './model.js';

describe('defaultTiers', () => {
  it('is the SRE workbook table over 30 days', () => {
    expect(defaultTiers(30 * 86400).map((t) => [t.name, t.severity, t.longWindowSeconds, t.shortWindowSeconds, t.burnRate])).toEqual([
      ['page-fast', 'page', 3600, 300, 14.4],
      ['page-slow', 'page', 21600, 1800, 6],
      ['ticket-fast', 'ticket', 86400, 7200, 3],
      ['ticket-slow', 'ticket', 259200, 21600, 1],
    ]);
  });

  it('keeps the budget shares for other periods, so the factors scale', () => {
    expect(defaultTiers(28 * 86400).map((t) => t.burnRate)).toEqual([13.44, 5.6, 2.8, 0.933333]);
    expect(defaultTiers(7 * 86400).map((t) => t.burnRate)).toEqual([3.36, 1.4, 0.7, 0.233333]);
  });
});
