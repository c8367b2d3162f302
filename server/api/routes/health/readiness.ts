/** A store this process uses: /readyz names it when it does not answer. */
export interface StoreProbe {
  name: string;
  answers(): Promise<boolean>;
}

/** `true` once every store answers, else the names of those that do not, in probe order. */
export type Readiness = true | string[];

/**
 * A probe slower than this counts as not answering, so /readyz answers within it too:
 * Kubernetes gives a probe 1 s unless told otherwise (the chart allows 3 s).
 */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Asks every store at once. `probes` is read at each call, since stores open during start;
 * a store this process does not open is `undefined` (a collector alone has only Redis).
 * A probe that throws, or outlasts `timeoutMs`, counts as not answering.
 *
 * @example readiness(() => [redis && { name: 'Redis', answers: () => redis.answers() }])
 */
export function readiness(probes: () => Array<StoreProbe | undefined>, timeoutMs = PROBE_TIMEOUT_MS): () => Promise<Readiness> {
  return async () => {
    const asked = probes().filter((p): p is StoreProbe => p !== undefined);
    const answered = await Promise.all(asked.map((p) => withTimeout(p.answers(), timeoutMs)));
    const silent = asked.filter((_, i) => !answered[i]).map((p) => p.name);
    return silent.length === 0 || silent;
  };
}

async function withTimeout(answer: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([answer.catch(() => false), new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
