import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';

/**
 * `octolens queue replay`: puts the Redis queue's dead letters back on the ingest queue.
 * It talks to Redis directly (REDIS_URL, OCTOLENS_QUEUE_NAME), so it works with no hub
 * running; a job keeps its id, hence its insert token, so a replay never doubles rows.
 */
export function registerQueueCommands(program: Command): void {
  const queue = program.command('queue').description('the Redis queue (REDIS_URL)');
  queue
    .command('replay')
    .description('move every dead-lettered job back onto the ingest queue, with fresh attempts')
    .option('--config <file>', 'YAML settings file', 'octolens.yaml')
    .action(async (opts: { config: string }) => {
      const config = loadConfig({ file: opts.config });
      if (!config.redis.url) throw new ConfigError('octolens queue replay needs REDIS_URL: only the Redis queue has dead letters');
      const { openDeadLetters } = await import('../queue/redis-dead-letters.js');
      const dead = openDeadLetters(config.redis.url, config.redis.queueName);
      try {
        const moved = await dead.replay(config.redis.attempts);
        console.log(`${moved} dead-lettered job${moved === 1 ? '' : 's'} put back on queue ${config.redis.queueName}`);
      } finally {
        await dead.close();
      }
    });
}
