/**
 * A lock that at most one replica holds at a time. The lease loop (lease.ts) tries it on an
 * interval; the implementations only say whether this replica holds it now.
 */
export interface LeaseLock {
  /** takes the lock if free, or checks this replica still holds it; false when another does; throws when the store is unreachable */
  tryHold(): Promise<boolean>;
  /** who holds the lock now, as its replica id; null when nobody does or the store cannot say */
  holder(): Promise<string | null>;
  /** called when the lock is lost between tries (the connection holding it dropped) */
  onLost(listener: () => void): void;
  /** gives the lock up and closes what holds it; safe twice */
  release(): Promise<void>;
}

/**
 * Leadership among the worker replicas. `start()` resolves after the first try, once the
 * listeners have run for its outcome; every change after that reaches the listeners in order,
 * each awaited before the lock is tried again.
 */
export interface Lease {
  /** this replica's id (host:pid by default), what `holder()` names when it leads */
  readonly id: string;
  start(): Promise<void>;
  isLeader(): boolean;
  holder(): Promise<string | null>;
  onChange(listener: (leader: boolean) => Promise<void> | void): void;
  /** steps down (listeners get `false` and are awaited), then releases the lock; safe twice or before start */
  stop(): Promise<void>;
}
