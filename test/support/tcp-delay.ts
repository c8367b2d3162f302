import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './hub.js';

export interface TcpDelay {
  /** host:port clients connect to instead of the target */
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP relay that holds every chunk coming back from `targetPort` for `delayMs` before
 * passing it on, in order; what clients send goes through at once. Between a process and
 * Redis it widens the window in which Redis has run a command and the process has not yet
 * seen the reply, so a fault can land there on purpose rather than by luck.
 *
 * @example
 * const relay = await startTcpDelay(redis.port, 250);
 * // REDIS_URL=redis://127.0.0.1:${relay.port}: each reply arrives 250 ms late
 */
export async function startTcpDelay(targetPort: number, delayMs: number): Promise<TcpDelay> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => upstream.write(d));
    // one timer per chunk with the same delay keeps the chunks in order
    upstream.on('data', (d) => setTimeout(() => client.destroyed || client.write(d), delayMs));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
