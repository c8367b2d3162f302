/**
 * `octolens user add|list|remove`: local users who log in to the UI, through the running
 * hub's API (admin scope: OCTOLENS_TOKEN). The password is read from stdin, never an
 * argument, so it stays out of shell history and `ps`. Exit codes: 0, 1 refused or
 * unreachable, 2 usage.
 */
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import type { UserInfo, UserRole, UsersResult } from '../../shared/api.js';
import { userRoles } from '../auth/users.js';
import { callHub, CliExit, consoleIo, EXIT_USAGE, exitUsage, hubOption, runCli, splitList, type CliIo } from './hub-client.js';

export const userCommands = {
  add: (opts: { hub: string; name: string; role: string; team?: string }, password: () => Promise<string>, io: CliIo) =>
    runCli(io, async () => {
      if (!(userRoles as readonly string[]).includes(opts.role)) throw new CliExit(EXIT_USAGE, `--role: expected one of ${userRoles.join(', ')}, got "${opts.role}"`);
      const secret = (await password()).replace(/\r?\n$/, '');
      if (secret === '') throw new CliExit(EXIT_USAGE, 'no password on stdin: pipe it in, e.g. `printf %s "$PASSWORD" | octolens user add --name alice --role editor`');
      const user = await callHub<UserInfo>(opts.hub, 'POST', '/api/v1/users', { name: opts.name, password: secret, role: opts.role as UserRole, teams: splitList(opts.team ?? '') });
      io.out(`added user "${user.name}" (${user.role}${user.teams.length > 0 ? `; teams ${user.teams.join(', ')}` : ''})`);
    }),
  list: (opts: { hub: string }, io: CliIo) =>
    runCli(io, async () => {
      const { users } = await callHub<UsersResult>(opts.hub, 'GET', '/api/v1/users');
      if (users.length === 0) io.out('no users yet: printf %s "$PASSWORD" | octolens user add --name <name> --role admin');
      for (const u of users) io.out(`${u.name}\t${u.role}\t${u.teams.join(',') || '-'}\tadded ${u.createdAt.slice(0, 10)} by ${u.createdBy}`);
    }),
  remove: (name: string, opts: { hub: string }, io: CliIo) =>
    runCli(io, async () => {
      await callHub<void>(opts.hub, 'DELETE', `/api/v1/users/${encodeURIComponent(name)}`);
      io.out(`removed user "${name}"; their sessions have ended`);
    }),
};

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('local users who log in to the UI (needs OCTOLENS_TOKEN with the admin scope)').exitOverride(exitUsage);
  user
    .command('add')
    .description('add a user; the password (at least 12 characters) is read from stdin')
    .requiredOption('--name <name>', 'what they log in as (letters, digits, . _ @ -)')
    .requiredOption('--role <role>', `${userRoles.join(', ')}: viewer reads, editor also silences and acknowledges alerts (of their teams' services), admin also manages users and tokens`)
    .option('--team <teams>', 'comma list of the teams they are in (as the catalog names them): an editor changes only what these teams\' services own')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (opts: { hub: string; name: string; role: string; team?: string }) => {
      process.exitCode = await userCommands.add(opts, () => text(process.stdin), consoleIo);
    });
  user
    .command('list')
    .description('list the users and their roles')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (opts: { hub: string }) => {
      process.exitCode = await userCommands.list(opts, consoleIo);
    });
  user
    .command('remove')
    .description('remove a user; their sessions end at once')
    .argument('<name>')
    .option(...hubOption)
    .exitOverride(exitUsage)
    .action(async (name: string, opts: { hub: string }) => {
      process.exitCode = await userCommands.remove(name, opts, consoleIo);
    });
}
