import { describe, expect, it } from 'vitest';
import { GrantCheck } from './grant.js';

describe('GrantCheck', () => {
  it('admits the services of its grant only, and names what it refused with the counts, in the order first refused', () => {
    const check = new GrantCheck({ services: new Set(['checkout']) });
    expect([check.admits('checkout'), check.admits('payments'), check.admits('')]).toEqual([true, false, false]);
    check.refuse('payments', 3);
    check.refuse('', 1);
    check.refuse('payments', 2);
    expect(check.refused).toBe(6);
    expect(check.message()).toBe('the token may send only service "checkout", not "payments" (5), "" (1)');
  });

  it('says services and jobs in the plural when there are several, and job for one', () => {
    const several = new GrantCheck({ services: new Set(['checkout', 'cart']) });
    several.refuse('payments', 4);
    expect(several.message('job')).toBe('the token may send only services "checkout", "cart", not job "payments" (4)');
    several.refuse('tax', 1);
    expect(several.message('job')).toBe('the token may send only services "checkout", "cart", not jobs "payments" (4), "tax" (1)');
  });

  it('keys a request by its grant only once it refused some of it, and by the set of services, not their order', () => {
    const suffix = (services: string[], refuse: boolean) => {
      const check = new GrantCheck({ services: new Set(services) });
      if (refuse) check.refuse('payments', 1);
      return check.keySuffix();
    };
    expect(suffix(['checkout'], false)).toBe('');
    expect(suffix(['checkout', 'cart'], true)).toMatch(/^\/services:[A-Za-z0-9_-]{43}$/);
    expect(suffix(['checkout', 'cart'], true)).toBe(suffix(['cart', 'checkout'], true));
    expect(suffix(['checkout'], true)).not.toBe(suffix(['checkout', 'cart'], true));
  });
});
