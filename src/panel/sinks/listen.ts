import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** Loopback only: the sinks accept anything and must not be reachable from the network. */
export const SINK_HOST = '127.0.0.1';

/** What the sinks' servers have in common: `node:http` and `smtp-server` both fit. */
interface Listener {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  off(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Binds a sink to its port and returns the port it got. A port that is taken or not ours
 * to bind leaves the sink off with a warning instead of stopping the panel.
 */
export function listenOrWarn(
  server: Listener,
  port: number,
  address: () => AddressInfo | string | null,
  logger: Logger,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') return reject(error);
      logger.warn(
        { event: 'panel.sink.off', port, code: error.code },
        'sink port unavailable, sink left off',
      );
      resolve(undefined);
    };
    server.once('error', failed);
    server.listen(port, SINK_HOST, () => {
      server.off('error', failed);
      const bound = address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    });
  });
}
