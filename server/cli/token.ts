/**
 * `octolens token create|list|revoke|generate`: API tokens of a running hub, through its
 * API (admin scope: OCTOLENS_TOKEN), so it works the same against PGlite and PostgreSQL.
 * `create` prints the token alone on stdout (`export TOKEN=$(octolens token create …)`),
 * what it is on stderr. Exit codes: 0 done, 1 the hub refused or is unreachable, 2 usage.
 */
import type { Command } from 'commander';
import type { CreatedToken, TokenInfo, TokenScope, TokensResult } from '../../shared/api.js';
import { generateToken, tokenScopes } from '../auth/tokens.js';
import { callHub, CliExit, consoleIo, EXIT_USAGE, exitUsage, hubOption, runCli, splitList, type CliIo } from './hub-client.js';

/** `read,write` → the scopes, or a usage error naming the bad one. */
export function parseScopes(raw: string): TokenScope[] {
  const scopes = splitList(raw);
  const unknown = scopes.filter((s) => !(tokenScopes as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) throw new CliExit(EXIT_USAGE, `--scope: expected a comma list of ${tokenScopes.join(', ')}, got "${raw}"`);
  return scopes as TokenScope[];
}

const state = (t: TokenInfo, nowMs: number) => (t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : t.expiresAt && Date.parse(t.expiresAt) <= nowMs ? 'expired' : 'active');

/** The token list as aligned columns, newest first as the hub gives it. */
export function formatTokens(tokens: TokenInfo[], nowMs = Date.now()): string[] {
  if (tokens.length === 0) return ['no tokens yet: octolens token create --name <who uses it> --scope ingest'];
  const rows = [['ID', 'NAME', 'SCOPES', 'TEAMS', 'SERVICES', 'CREATED', 'LAST USED', 'EXPIRES', 'STATE'], ...tokens.map((t) => [t.id, t.name, t.scopes.join(','), t.teams?.join(',') ?? 'any', t.services?.join(',') ?? 'any', t.createdAt.slice(0, 10), t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never', t.expiresAt?.slice(0, 10) ?? 'never', state(t, nowMs)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

type CreateOptions = { hub: string; name: string; scope: string; expiresInDays?: string; team?: string; services?: string };

export const tokenCommands = {
  create: (opts: CreateOptions, io: CliIo) =>
    runCli(io, async () => {
      const scopes = parseScopes(opts.scope);
      const days = opts.expiresInDays === undefined ? undefined : Number(opts.expiresInDays);
      if (days !== undefined && !(Number.isInteger(days) && days >= 1)) throw new CliExit(EXIT_USAGE, `--expires-in-days: expected a whole number of days, got "${opts.expiresInDays}"`);
      const teams = opts.team === undefined ? undefined : splitList(opts.team);
      const services = opts.services === undefined ? undefined : splitList(opts.services);
      if (services?.length === 0) throw new CliExit(EXIT_USAGE, `--services: expected a comma list of service names, got "${opts.services}"`);
      const created = await callHub<CreatedToken>(opts.hub, 'POST', '/api/v1/tokens', { name: opts.name, scopes, ...(days === undefined ? {} : { expiresInDays: days }), ...(teams ? { teams } : {}), ...(services ? { services } : {}) });
      io.out(created.token);
      const limits = `${created.expiresAt ? `, expires ${created.expiresAt}` : ''}${created.services ? `; services ${created.services.join(', ')}` : ''}`;
      io.err(`created token ${created.id} "${created.name}" (${created.scopes.join(', ')}${limits}): shown this once, the hub keeps only its hash`);
    }),
  list: (opts: { hub: string; json?: boolean }, io: CliIo) =>
    runCli(io, async () => {
      const { tokens } = await callHub<TokensResult>(opts.hub, 'GET', '/api/v1/tokens');
      if (opts.json) io.out(JSON.stringify(tokens, null, 2));
      else for (const line of formatTokens(tokens)) io.out(line);
    }),
  revoke: (id: string, opts: { hub: string }, io: CliIo) =>
    runCli(io, async () => {
      const revoked = await callHub<TokenInfo>(opts.hub, 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
      io.out(`revoked token ${revoked.id} "${revoked.name}" at ${revoked.revokedAt}`);
    }),
};

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens of a running hub (needs OCTOLENS_TOKEN with the admin scope when authentication is on)').exitOverride(exitUsage);
  token
    .command('create')
    .description('create a token and print it (once) on stdout')
    .requiredOption('--name <name>', 'who or what uses it, e.g. "otel-collector prod"')
    .requiredOption('--scope <scopes>', `comma list of ${tokenScopes.join(', ')}`)
    .option('--expires-in-days <days>', 'it stops working after this many days (default: never)')
    .option('--team <teams>', 'comma list: it changes only these teams\' services (silences, acknowledgements); default any')
    .option('--services <services>', 'comma list: it sends telemetry of, and changes, only these services; default any')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (opts: CreateOptions) => {
      process.exitCode = await tokenCommands.create(opts, consoleIo);
    });
  token
    .command('list')
    .description('list the tokens (never their secrets): scopes, last use, state')
    .option('--json', 'print JSON instead of a table')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (opts: { hub: string; json?: boolean }) => {
      process.exitCode = await tokenCommands.list(opts, consoleIo);
    });
  token
    .command('revoke')
    .description('revoke a token: it is refused from now on (within 10 s on other replicas)')
    .argument('<id>', 'the id `token list` shows')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (id: string, opts: { hub: string }) => {
      process.exitCode = await tokenCommands.revoke(id, opts, consoleIo);
    });
  token
    .command('generate')
    .description('print a new random token without any hub, e.g. for OCTOLENS_BOOTSTRAP_TOKEN')
    .exitOverride(exitUsage)
    .action(() => consoleIo.out(generateToken()));
}
