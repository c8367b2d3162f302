/**
 * OpenID Connect single sign-on (docs/security.md): the authorization code flow with PKCE
 * (S256), state and nonce, done by openid-client; the person's IdP groups give their role and
 * teams (oidc-config.ts). What the browser must bring back to the callback is the caller's to keep.
 */
import type * as Client from 'openid-client';
import { z } from 'zod';
import type { UserRole } from '../../shared/api.js';
import { mapGroups, parseTeamGroups, type OidcConfig } from './oidc-config.js';

/** Where the IdP sends the browser back: the hub's public address and this path. */
export const OIDC_CALLBACK_PATH = '/api/v1/session/oidc/callback';

/** What a login started and its callback must see again: never sent to anyone but the browser it belongs to. */
export const pendingLoginSchema = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(1), next: z.string().startsWith('/') }).strict();
export type PendingLogin = z.infer<typeof pendingLoginSchema>;

/** A person the IdP vouched for, as a hub user. */
export interface OidcPerson {
  /** the user name: preferred_username, else email, else the subject */
  name: string;
  /** `!oidc:<issuer>#<sub>`: who they are at which IdP, kept where a password hash would be, so it never verifies */
  identity: string;
  role: UserRole;
  teams: string[];
  groups: string[];
}

/** A failed login, in words for the login page. */
export class OidcError extends Error {
  override name = 'OidcError';
}

/** The groups claim: the claim of that name, else a dotted path into nested claims (Keycloak's realm_access.roles). */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) value = claim.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), claims);
  // one group may come as a string
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** openid-client, loaded at the first login: a hub without OIDC never needs it (~13 MiB with jose). */
let openid: typeof Client | undefined;
const load = async () => (openid ??= await import('openid-client'));

function words(err: unknown): string {
  if (err instanceof OidcError) return err.message;
  if (!openid) return `single sign-on failed: ${err instanceof Error ? err.message : String(err)}`;
  if (err instanceof openid.AuthorizationResponseError) return `the identity provider refused the login: ${err.error_description ?? err.error}`;
  if (err instanceof openid.ResponseBodyError) return `the identity provider refused the code exchange: ${err.error_description ?? err.error}`;
  if (!(err instanceof Error)) return `single sign-on failed: ${String(err)}`;
  // openid-client names the kind of failure, its cause the check that failed
  return `single sign-on failed: ${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`;
}

export function createOidcLogin(config: OidcConfig, { publicUrl }: { publicUrl: string }) {
  const redirectUri = publicUrl + OIDC_CALLBACK_PATH;
  const mapping = { adminGroups: config.adminGroups, editorGroups: config.editorGroups, teamGroups: parseTeamGroups(config.teamGroups) };
  const issuerUrl = new URL(config.issuer);
  // The IdP is read when someone first logs in, not at start: a hub whose IdP is down still starts,
  // and a failed read is tried again at the next login.
  let discovered: Promise<Client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= load()
      .then((client) => client.discovery(issuerUrl, config.clientId, undefined, config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None(), {
        // http is accepted by the config only on this machine
        execute: issuerUrl.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: 10,
      }))
      .catch((err: unknown) => {
        discovered = undefined;
        throw new OidcError(`could not read the identity provider's discovery document from ${config.issuer}: ${err instanceof Error ? err.message : String(err)}`);
      }));

  return {
    name: config.name,
    /** the hub's origin, which `next` must stay on */
    origin: new URL(publicUrl).origin,

    /** The IdP's authorization URL for a new login, and what its callback must bring back. */
    async start(next: string): Promise<{ url: URL; pending: PendingLogin }> {
      try {
        const server = await configuration();
        const client = await load();
        const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
        const url = client.buildAuthorizationUrl(server, {
          redirect_uri: redirectUri,
          scope: config.scopes,
          response_type: 'code',
          state: pending.state,
          nonce: pending.nonce,
          code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
          code_challenge_method: 'S256',
        });
        return { url, pending };
      } catch (err) {
        throw new OidcError(words(err));
      }
    },

    /**
     * The person behind the IdP's answer (`query`, the callback's), once openid-client has
     * checked its state, the code exchange with the PKCE verifier, and the ID token's signature,
     * issuer, audience and nonce. Claims the ID token lacks (many IdPs keep groups to userinfo)
     * are read from the userinfo endpoint.
     */
    async finish(query: URLSearchParams, pending: PendingLogin): Promise<OidcPerson> {
      try {
        const server = await configuration();
        const client = await load();
        // the registered redirect URI, not the request's URL, which a proxy may have rewritten
        const current = new URL(`${redirectUri}?${query}`);
        const tokens = await client.authorizationCodeGrant(server, current, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true }, { redirect_uri: redirectUri });
        let claims: Record<string, unknown> = { ...tokens.claims()! };
        const sub = String(claims.sub);
        if (claims[config.groupsClaim] === undefined || (claims.preferred_username === undefined && claims.email === undefined)) {
          if (server.serverMetadata().userinfo_endpoint) claims = { ...(await client.fetchUserInfo(server, tokens.access_token, sub)), ...claims };
        }
        const name = [claims.preferred_username, claims.email, sub].find((v): v is string => typeof v === 'string' && v !== '')!;
        const groups = groupsOf(claims, config.groupsClaim);
        return { name, identity: `!oidc:${server.serverMetadata().issuer}#${sub}`, groups, ...mapGroups(groups, mapping) };
      } catch (err) {
        throw new OidcError(words(err));
      }
    },
  };
}

export type OidcLogin = ReturnType<typeof createOidcLogin>;
