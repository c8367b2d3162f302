import type { Logger } from '../lib/log.js';
import type { TokenStore } from './tokens.js';

/**
 * A hub with authentication on needs a first admin credential. OCTOLENS_BOOTSTRAP_TOKEN
 * is added once (a deploy provisions it as a secret); without it, a hub that has no working
 * token creates one and prints it this once, on stderr, since only its hash is kept.
 */
export async function ensureAdminToken(tokens: TokenStore, bootstrapToken: string | undefined, log: Logger, print: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<void> {
  if (bootstrapToken !== undefined) {
    if (await tokens.exists(bootstrapToken)) return;
    try {
      await tokens.create({ name: 'bootstrap', scopes: ['admin'], createdBy: 'OCTOLENS_BOOTSTRAP_TOKEN', token: bootstrapToken });
      log.info('added the admin token of OCTOLENS_BOOTSTRAP_TOKEN');
    } catch (err) {
      // another replica starting at the same time added it first (the hash is unique)
      if (!(await tokens.exists(bootstrapToken))) throw err;
    }
    return;
  }
  if ((await tokens.countActive()) > 0) return;
  const created = await tokens.create({ name: 'first admin', scopes: ['admin'], createdBy: 'first start' });
  print(
    [
      '',
      '  Authentication is on and no API token existed, so this admin token was created.',
      '  It is shown this once (only its hash is kept): store it now.',
      '',
      `    ${created.token}`,
      '',
      '  Use it as Authorization: Bearer <token>, or to create narrower ones:',
      `    OCTOLENS_TOKEN=${created.token.slice(0, 8)}… octolens token create --name otel-collector --scope ingest`,
      '',
    ].join('\n'),
  );
}
