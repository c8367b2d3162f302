import type { AlertMemory } from './types.js';

/**
 * One step of an alert's state machine, Prometheus's alerting-rule semantics with a
 * `resolved` state that lasts one evaluation, so the notifier sees the resolution:
 *
 *     inactive | resolved  + condition   → pending (since now), or firing at once when for = 0
 *     pending              + condition   → firing (since now) once now − since ≥ for, else pending
 *     pending              + !condition  → inactive (since now)
 *     firing               + condition   → firing (since unchanged: when it started firing)
 *     firing               + !condition  → resolved (since now)
 *     resolved             + !condition  → inactive (since now)
 *     inactive             + !condition  → inactive (since unchanged)
 *
 * Without a memory (the first evaluation) the alert starts as inactive since now. `for` is
 * measured between evaluations, like Prometheus's `for`: an alert pending at 12:00 with
 * for = 5m fires at the first evaluation at or after 12:05 whose condition still holds.
 *
 * @example nextAlertState({ state: 'pending', since: 0 }, true, 300, 300) // { state: 'firing', since: 300 }
 */
export function nextAlertState(previous: AlertMemory | undefined, condition: boolean, now: number, forSeconds: number): AlertMemory {
  const memory = previous ?? { state: 'inactive', since: now };
  switch (memory.state) {
    case 'inactive':
    case 'resolved':
      if (condition) return forSeconds > 0 ? { state: 'pending', since: now } : { state: 'firing', since: now };
      return memory.state === 'resolved' ? { state: 'inactive', since: now } : { state: 'inactive', since: memory.since };
    case 'pending':
      if (!condition) return { state: 'inactive', since: now };
      return now - memory.since >= forSeconds ? { state: 'firing', since: now } : { state: 'pending', since: memory.since };
    case 'firing':
      return condition ? { state: 'firing', since: memory.since } : { state: 'resolved', since: now };
  }
}
