import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { groupsOf } from './oidc.js';
import { mapGroups, parseTeamGroups } from './oidc-config.js';

const load = (env: Record<string, string>) => loadConfig({ env, file: '/nonexistent/octolens.yaml' });
const base = { OCTOLENS_OIDC_ISSUER: 'https://idp.example.com/realms/acme', OCTOLENS_OIDC_CLIENT_ID: 'octolens', OCTOLENS_PUBLIC_URL: 'https://octolens.example.com/' };

describe('OIDC group mapping', () => {
  const mapping = { adminGroups: ['ops-admins'], editorGroups: ['engineers', 'sre'], teamGroups: parseTeamGroups('team-*, okta-pay-eng=payments, *-oncall=oncall') };

  it('makes an admin of an admin group’s member, whatever else they are in', () => {
    expect(mapGroups(['engineers', 'ops-admins'], mapping)).toEqual({ role: 'admin', teams: [] });
  });

  it('makes an editor of an editor group’s member and a viewer of anyone else', () => {
    expect(mapGroups(['sre'], mapping)).toEqual({ role: 'editor', teams: [] });
    expect(mapGroups(['everyone', 'Engineers'], mapping)).toEqual({ role: 'viewer', teams: [] });
    expect(mapGroups([], mapping)).toEqual({ role: 'viewer', teams: [] });
  });

  it('names teams by the * of a pattern, an explicit group=team, or a pattern=team, sorted and once each', () => {
    expect(mapGroups(['team-search', 'okta-pay-eng', 'team-payments', 'db-oncall', 'web-oncall', 'engineers'], mapping)).toEqual({ role: 'editor', teams: ['oncall', 'payments', 'search'] });
  });

  it('gives no team for an empty * nor for a group that only resembles a rule', () => {
    expect(mapGroups(['team-', 'xteam-a', 'okta-pay-eng2', '-oncall'], mapping).teams).toEqual([]);
  });

  it('parses the rules and refuses ones that name no team', () => {
    expect(parseTeamGroups(' team-* , a=b ,')).toEqual([{ prefix: 'team-', suffix: '' }, { prefix: 'a', team: 'b' }]);
    for (const bad of ['payments', 'a*b*c', '=x', 'a=']) expect(() => parseTeamGroups(bad)).toThrow(/each entry is <group with one \*>/);
  });

  it('reads groups from the claim, one string as one group, a dotted path into nested claims', () => {
    expect(groupsOf({ groups: ['a', 7, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(groupsOf({ 'https://acme.example/groups': ['y'] }, 'https://acme.example/groups')).toEqual(['y']);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });
});

describe('OCTOLENS_OIDC_*', () => {
  it('is absent unless an issuer is set', () => {
    expect(load({}).auth.oidc).toBeUndefined();
  });

  it('reads every setting, with the defaults for scopes and the groups claim', () => {
    expect(load({ ...base, OCTOLENS_OIDC_ADMIN_GROUPS: 'ops, root', OCTOLENS_OIDC_EDITOR_GROUPS: 'eng', OCTOLENS_OIDC_TEAM_GROUPS: 'team-*', OCTOLENS_OIDC_CLIENT_SECRET: 's3cret', OCTOLENS_OIDC_NAME: 'Keycloak' }).auth.oidc).toEqual({
      issuer: 'https://idp.example.com/realms/acme',
      clientId: 'octolens',
      clientSecret: 's3cret',
      scopes: 'openid profile email groups',
      groupsClaim: 'groups',
      adminGroups: ['ops', 'root'],
      editorGroups: ['eng'],
      teamGroups: 'team-*',
      name: 'Keycloak',
    });
  });

  it('requires OCTOLENS_PUBLIC_URL, the client id, openid among the scopes, and TLS to an IdP off this machine', () => {
    const { OCTOLENS_PUBLIC_URL: _, ...noPublicUrl } = base;
    expect(() => load(noPublicUrl)).toThrow(ConfigError);
    expect(() => load(noPublicUrl)).toThrow('OCTOLENS_PUBLIC_URL (publicUrl): required with OCTOLENS_OIDC_ISSUER: single sign-on registers <OCTOLENS_PUBLIC_URL>/api/v1/session/oidc/callback as its redirect URI at the IdP');
    expect(() => load({ ...base, OCTOLENS_OIDC_CLIENT_ID: '' })).toThrow(/OCTOLENS_OIDC_CLIENT_ID \(auth\.oidc\.clientId\)/);
    expect(() => load({ ...base, OCTOLENS_OIDC_SCOPES: 'profile email' })).toThrow('OCTOLENS_OIDC_SCOPES (auth.oidc.scopes): must include openid');
    expect(() => load({ ...base, OCTOLENS_OIDC_ISSUER: 'http://idp.example.com' })).toThrow(/OCTOLENS_OIDC_ISSUER \(auth\.oidc\.issuer\): expected the IdP's https:\/\/ issuer/);
    expect(load({ ...base, OCTOLENS_OIDC_ISSUER: 'http://localhost:9000' }).auth.oidc?.issuer).toBe('http://localhost:9000');
    expect(() => load({ ...base, OCTOLENS_OIDC_TEAM_GROUPS: 'payments' })).toThrow(/OCTOLENS_OIDC_TEAM_GROUPS \(auth\.oidc\.teamGroups\): each entry/);
  });
});
