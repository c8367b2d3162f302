import { createServer } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './hub.js';

export interface IdpPerson {
  email: string;
  groups: string[];
}

export interface TestIdp {
  /** http://localhost:<port>: another site than a hub on 127.0.0.1, as an IdP is */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** who the IdP logs in at the next authorization; their groups may be changed between logins */
  people: Record<string, IdpPerson>;
  loginAs(name: string): void;
  /** the next logins end with access_denied and this description; undefined: they succeed */
  refuse(description: string | undefined): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider) in this process, with one confidential
 * client whose redirect URI is `redirectUri`. Its login and consent pages answer at once for
 * the person `loginAs` named, so a test drives the authorization code flow without typing.
 * Claims: sub, preferred_username (the person's key), email, groups (scope `groups`).
 */
export async function startTestIdp({ redirectUri, people }: { redirectUri: string; people: Record<string, IdpPerson> }): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const client = { client_id: 'octolens-hub', client_secret: 'a-client-secret-for-tests-only' };
  let loggingIn = Object.keys(people)[0]!;
  let refusal: string | undefined;
  const provider = new Provider(issuer, {
    clients: [{ ...client, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email'], profile: ['preferred_username'], groups: ['groups'] },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const person = people[sub];
      return person && { accountId: sub, claims: async () => ({ sub, preferred_username: sub, email: person.email, groups: person.groups }) };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // a test IdP: its keys may be generated, its cookies signed with a fixed key
    cookies: { keys: ['test-idp-cookie-key'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
  });
  provider.on('server_error', (_ctx: unknown, err: Error) => console.error('oidc-provider', err));
  const handle = provider.callback();
  const server = createServer(async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    const details = await provider.interactionDetails(req, res);
    if (refusal) return provider.interactionFinished(req, res, { error: 'access_denied', error_description: refusal }, { mergeWithLastSubmission: false });
    const grant = new provider.Grant({ accountId: loggingIn, clientId: client.client_id });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(req, res, { login: { accountId: loggingIn }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
  });
  // every interface: localhost may resolve to ::1 or 127.0.0.1
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    issuer,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    people,
    loginAs: (name) => (loggingIn = name),
    refuse: (description) => (refusal = description),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
