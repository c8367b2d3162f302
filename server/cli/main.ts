import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, envVars, loadConfig } from '../config/config.js';
import { createLogger, type Logger } from '../lib/log.js';
import { releaseYoungGeneration } from '../lib/young-generation.js';
import { OWN_SLO_SERVICE } from '../slo/engine/specs.js';
import { configRows, formatConfigRows } from './config-table.js';
import { allRoles, resolveRoles, RoleError, roles } from './roles.js';
import { registerImportCommands } from './import-catalog.js';
import { registerImportFocus } from './import-focus.js';
import { registerImportGrafana } from './import-grafana.js';
import { CostRulesError } from '../cost/rules.js';
import { registerQueueCommands } from './queue.js';
import { registerScorecardCommands } from './scorecards.js';
import { registerSloCommands } from './slo.js';
import { registerTokenCommands } from './token.js';
import { registerUserCommands } from './user.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration. */
const EXIT_USAGE = 2;

const portArg = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port 0-65535, got "${value}"`);
  return n;
};

/**
 * The hub's own SLOs (slo-specs/octolens) measure service `octolens`: only a hub tracing
 * itself under that name (the SDK's default here) sends what they read; under another name
 * they would only fire no-data alerts for a service that does not exist.
 */
function ownSlosWanted(traced: boolean, env: NodeJS.ProcessEnv, log: Logger): boolean {
  if (!traced) return false;
  const name = env.OTEL_SERVICE_NAME ?? OWN_SLO_SERVICE;
  if (name !== OWN_SLO_SERVICE) log.info(`the hub traces itself as "${name}": its own SLOs (slo-specs/octolens) are for service "${OWN_SLO_SERVICE}" and are not loaded`);
  return name === OWN_SLO_SERVICE;
}

const program = new Command()
  .name('octolens')
  .description('Self-hosted observability and SLO hub: OTLP in, ClickHouse underneath, eight lenses on top.')
  .version(pkg.version)
  .showHelpAfterError()
  // only a hub start waits until it is ready: every other command may be busy from its first line
  .hook('preAction', (_, command) => {
    if (command.name() !== 'start') releaseYoungGeneration();
  });

program
  .command('start')
  .description('run the hub (every role in one process on embedded defaults)')
  .option('--role <roles>', `comma list of roles to run: all, ${allRoles.join(', ')}`, 'all')
  .option('--port <port>', 'UI, API and webhooks port (OCTOLENS_PORT, default 8080)', portArg)
  .option('--otlp-port <port>', 'OTLP/HTTP port (OCTOLENS_OTLP_PORT, default 4318)', portArg)
  .option('--data-dir <dir>', 'embedded data directory (OCTOLENS_DATA_DIR, default ./data)')
  .option('--examples', 'also load the example SLOs and alert rules of slo-specs/examples (OCTOLENS_EXAMPLES=true)')
  .option('--config <file>', 'YAML settings file', 'octolens.yaml')
  .action(async (opts: { role: string; port?: number; otlpPort?: number; dataDir?: string; examples?: true; config: string }) => {
    const config = loadConfig({ file: opts.config, overrides: { port: opts.port, otlpPort: opts.otlpPort, dataDir: opts.dataDir, examples: opts.examples } });
    const selected = resolveRoles(opts.role, { clickhouseUrl: config.clickhouseUrl, databaseUrl: config.databaseUrl, redisUrl: config.redis.url });
    const log = createLogger(config.logLevel);
    const { startSelfTracing } = await import('../telemetry/tracing.js');
    const tracing = await startSelfTracing();
    const { createHub } = await import('../hub.js');
    const hub = createHub({ config, roles: selected, log, ownSlos: ownSlosWanted(tracing !== undefined, process.env, log) });
    const stop = async (signal: string) => {
      log.info('stopping: draining the queue and closing stores', { signal });
      const deadline = setTimeout(() => {
        log.error('shutdown took longer than 30s; exiting anyway');
        process.exit(1);
      }, 30_000);
      deadline.unref();
      await hub.stop();
      await tracing?.stop();
      log.info('stopped');
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    const at = await hub.start();
    releaseYoungGeneration();
    // where the data is, without the URL's credentials: the data dir, a ClickHouse server, or a cluster through one
    const server = config.clickhouseUrl && new URL(config.clickhouseUrl).host;
    const data = !server ? config.dataDir : config.clickhouseCluster ? `ClickHouse cluster ${config.clickhouseCluster} through ${server}` : `ClickHouse server ${server}`;
    const parts = [`octolens ${pkg.version} ready (roles: ${[...selected].join(', ')}, data: ${data})`];
    if (at.api) parts.push(`${selected.has('api') ? 'UI and API' : 'health and /metrics'} on ${at.api}`);
    if (at.otlp) parts.push(`point OTLP exporters at OTEL_EXPORTER_OTLP_ENDPOINT=${at.otlp} (http/protobuf or http/json)`);
    if (at.otlpGrpc) parts.push(`or OTLP/gRPC at ${at.otlpGrpc}`);
    log.info(parts.join('; '));
  });

program
  .command('roles')
  .description('list the roles `start --role` accepts')
  .action(() => {
    for (const [name, { doc }] of Object.entries(roles)) console.log(`${name.padEnd(10)} ${doc}`);
    console.log(`${'all'.padEnd(10)} every role above, in one process (the default)`);
  });

program
  .command('config')
  .description('print the effective configuration and the environment variables that set it')
  .option('--config <file>', 'YAML settings file', 'octolens.yaml')
  .action((opts: { config: string }) => {
    for (const line of formatConfigRows(configRows(loadConfig({ file: opts.config }), envVars, process.env))) console.log(line);
  });

program
  .command('migrate')
  .description('create or upgrade the ClickHouse and metadata schemas, then exit')
  .option('--data-dir <dir>', 'embedded data directory')
  .action(async (opts: { dataDir?: string }) => {
    const config = loadConfig({ overrides: { dataDir: opts.dataDir } });
    const [{ openTelemetryStore, telemetryStoreParams }, { openMetaDb }] = await Promise.all([import('../storage/index.js'), import('../meta/index.js')]);
    const store = await openTelemetryStore(telemetryStoreParams(config));
    const meta = await openMetaDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await store.close();
    await meta.destroy();
    console.log('schemas are up to date');
  });

registerSloCommands(program);
registerScorecardCommands(program);
registerQueueCommands(program);
registerTokenCommands(program);
registerUserCommands(program);
registerImportCommands(program);
registerImportFocus(program.commands.find((c) => c.name() === 'import')!);
registerImportGrafana(program.commands.find((c) => c.name() === 'import')!);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RoleError || err instanceof CostRulesError) {
    console.error(`octolens: ${err.message}`);
    process.exit(EXIT_USAGE);
  }
  console.error('octolens: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
