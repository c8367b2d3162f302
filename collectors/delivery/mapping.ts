/**
 * Settings the delivery collectors share: which repository is which service, and which
 * environments are production. Env vars give them as text (`a=b,c=d`, `x,y`); octolens.yaml
 * as a map or a list.
 */
import { z } from 'zod';

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A list, from an array or comma-separated text. @example nameList.parse('production, prod') // → ['production', 'prod'] */
export const nameList = z.union([z.array(z.string()), z.string().transform(splitList)]);

/**
 * A map from text `key=value,key=value` or an object; a pair without "=" is refused.
 * @example keyValueMap.parse('acme/checkout-api=checkout') // → { 'acme/checkout-api': 'checkout' }
 */
export const keyValueMap = z.union([
  z.record(z.string(), z.string()),
  z.string().transform((text, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of splitList(text)) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected key=value pairs separated by commas, got "${pair}"` });
        return z.NEVER;
      }
      Object.defineProperty(out, pair.slice(0, at).trim(), { value: pair.slice(at + 1).trim(), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }),
]);

export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production', 'prod', 'live'];

export interface ServiceMapping {
  /** repository full name (owner/name, or a GitLab path) → service; absent: the repository's own name */
  repoServices: Record<string, string>;
  /** environment names that count as production, compared case-insensitively */
  productionEnvironments: string[];
}

/** The service a repository's events belong to: the configured one, else the repository's last path segment. */
export function serviceOfRepo(repo: string, mapping: Pick<ServiceMapping, 'repoServices'>): string {
  if (Object.hasOwn(mapping.repoServices, repo)) return mapping.repoServices[repo]!;
  return repo.slice(repo.lastIndexOf('/') + 1);
}

export function isProduction(environment: string, mapping: Pick<ServiceMapping, 'productionEnvironments'>): boolean {
  const env = environment.toLowerCase();
  return mapping.productionEnvironments.some((p) => p.toLowerCase() === env);
}
