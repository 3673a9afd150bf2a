import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * A TCP proxy on 127.0.0.1 that a test can cut: `interrupt()` drops every proxied
 * connection at once and refuses new ones for a while, which is what a client sees when its
 * database server goes away and comes back.
 */
export class TcpProxy {
  readonly #target: ProxyTarget;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #refusing = false;
  #resume: NodeJS.Timeout | undefined;
  #accepted = 0;
  #refused = 0;
  #acceptedAfterOutage = 0;
  #outages = 0;

  constructor(target: ProxyTarget) {
    this.#target = target;
    this.#server = createServer((client) => this.#onConnection(client));
  }

  /** Listens on a free port of 127.0.0.1 and returns it. */
  async listen(): Promise<number> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return this.port;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Connections forwarded, refused while cut, and forwarded after the last outage ended. */
  get counts(): { accepted: number; refused: number; acceptedAfterOutage: number } {
    return {
      accepted: this.#accepted,
      refused: this.#refused,
      acceptedAfterOutage: this.#acceptedAfterOutage,
    };
  }

  /**
   * Resets every open connection (both sides), then answers new ones with a reset for
   * `outageMs` before forwarding again.
   */
  interrupt(outageMs: number): void {
    this.#refusing = true;
    this.#outages += 1;
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
    clearTimeout(this.#resume);
    this.#resume = setTimeout(() => {
      this.#refusing = false;
    }, outageMs);
  }

  /** Stops listening and drops whatever is still connected. */
  async close(): Promise<void> {
    clearTimeout(this.#resume);
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onConnection(client: Socket): void {
    if (this.#refusing) {
      // A reset on accept: the client's handshake fails at once, as against a stopped server.
      this.#refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.#accepted += 1;
    if (this.#outages > 0) this.#acceptedAfterOutage += 1;

    const upstream = connect(this.#target.port, this.#target.host);
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
