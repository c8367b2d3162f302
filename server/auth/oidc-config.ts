/**
 * The OpenID Connect settings (OCTOLENS_OIDC_*) and how IdP groups become a role and teams:
 * parsed and validated here, apart from the login flow, so the config schema imports no HTTP code.
 */
import { z } from 'zod';
import type { UserRole } from '../../shared/api.js';

/**
 * One OCTOLENS_OIDC_TEAM_GROUPS entry: a group name with at most one `*`, and the team it
 * means; without `=team`, the team is what the `*` matched.
 */
export interface TeamRule {
  prefix: string;
  /** undefined: the group name must equal `prefix` */
  suffix?: string;
  /** undefined: the part the `*` matched */
  team?: string;
}

/**
 * `team-*` (group `team-payments` → team `payments`), `eng-pay=payments` (that group → that
 * team), `*-eng=platform`; comma-separated.
 * @example parseTeamGroups('team-*, okta-pay=payments') // [{ prefix: 'team-', suffix: '' }, { prefix: 'okta-pay', team: 'payments' }]
 */
export function parseTeamGroups(text: string): TeamRule[] {
  return list(text).map((entry) => {
    const eq = entry.indexOf('=');
    const group = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const team = eq < 0 ? undefined : entry.slice(eq + 1).trim();
    const stars = group.split('*').length - 1;
    if (group === '' || team === '' || stars > 1 || (team === undefined && stars === 0)) {
      throw new Error(`each entry is <group with one *> (team-* : group team-payments is team payments) or <group>=<team>; got ${JSON.stringify(entry)}`);
    }
    if (stars === 0) return { prefix: group, team };
    const [prefix = '', suffix = ''] = group.split('*');
    return team === undefined ? { prefix, suffix } : { prefix, suffix, team };
  });
}

/** The teams a rule gives a group: none, or one. */
function teamOf(rule: TeamRule, group: string): string | undefined {
  if (rule.suffix === undefined) return group === rule.prefix ? rule.team : undefined;
  if (group.length <= rule.prefix.length + rule.suffix.length || !group.startsWith(rule.prefix) || !group.endsWith(rule.suffix)) return undefined;
  return rule.team ?? group.slice(rule.prefix.length, group.length - rule.suffix.length);
}

export interface GroupMapping {
  adminGroups: readonly string[];
  editorGroups: readonly string[];
  teamGroups: readonly TeamRule[];
}

/**
 * A person's role and teams from their IdP groups: admin when in an admin group, else editor
 * when in an editor group, else viewer; teams from every group a team rule matches, sorted.
 * Group names are compared exactly, as the IdP sends them.
 * @example mapGroups(['staff', 'team-payments'], { adminGroups: ['ops'], editorGroups: ['staff'], teamGroups: parseTeamGroups('team-*') }) // { role: 'editor', teams: ['payments'] }
 */
export function mapGroups(groups: readonly string[], mapping: GroupMapping): { role: UserRole; teams: string[] } {
  const inAny = (names: readonly string[]) => groups.some((g) => names.includes(g));
  const role: UserRole = inAny(mapping.adminGroups) ? 'admin' : inAny(mapping.editorGroups) ? 'editor' : 'viewer';
  const teams = new Set(groups.flatMap((g) => mapping.teamGroups.map((r) => teamOf(r, g)).filter((t) => t !== undefined)));
  return { role, teams: [...teams].sort() };
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const names = z.union([z.string().transform(list), z.array(z.string())]);

/** http only to this machine (an IdP in a test or beside the hub); anywhere else the IdP's tokens need TLS */
const issuerUrl = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
    } catch {
      return false;
    }
  },
  { error: (i) => `expected the IdP's https:// issuer or discovery URL (http only on localhost), got ${JSON.stringify(i.input)}` },
);

export const oidcConfigSchema = z
  .object({
    /** the issuer, or its /.well-known/openid-configuration URL */
    issuer: issuerUrl,
    clientId: z.string().min(1),
    /** absent: a public client (PKCE alone) */
    clientSecret: z.string().min(1).optional(),
    scopes: z
      .string()
      .refine((s) => s.split(/\s+/).includes('openid'), { error: 'must include openid (an OpenID Connect login needs its ID token)' })
      .default('openid profile email groups'),
    /** the claim holding the groups; a dotted path (realm_access.roles) when no claim has the name itself */
    groupsClaim: z.string().min(1).default('groups'),
    adminGroups: names.default([]),
    editorGroups: names.default([]),
    /** kept as written, for `octolens config` to show; checked here, parsed by the login (parseTeamGroups) */
    teamGroups: z
      .union([z.string(), z.array(z.string()).transform((a) => a.join(','))])
      .superRefine((text, ctx) => {
        try {
          parseTeamGroups(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .default(''),
    /** the login page's button: "Log in with <name>" */
    name: z.string().min(1).max(60).optional(),
  })
  .strict();

export type OidcConfig = z.infer<typeof oidcConfigSchema>;
