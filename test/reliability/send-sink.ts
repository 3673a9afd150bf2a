import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message that reached the customer: which delivery, through which worker process. */
export interface SinkSend {
  readonly deliveryId: number;
  readonly worker: string;
}

/** What the sink does with a send once it is recorded. */
export type SinkAnswer = 'answer' | 'hang';

/**
 * The customer, as far as the reliability tests can tell: worker processes POST every
 * message here before their channel answers "accepted", so a send is recorded here even when
 * the worker dies before it can record the outcome in the queue.
 */
export class SendSink {
  readonly #server: Server;
  readonly #sends: SinkSend[] = [];
  /** Runs as each send is recorded, before it is answered; `hang` leaves the worker waiting. */
  onSend: (send: SinkSend, total: number) => SinkAnswer = () => 'answer';

  constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response));
  }

  /** Listens on a free port and returns the URL worker processes post to. */
  async listen(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/send`;
  }

  get total(): number {
    return this.#sends.length;
  }

  get sends(): readonly SinkSend[] {
    return this.#sends;
  }

  /** The workers that sent each delivery, in the order its sends arrived. */
  sendersById(): Map<number, string[]> {
    const senders = new Map<number, string[]>();
    for (const send of this.#sends) {
      const list = senders.get(send.deliveryId) ?? [];
      list.push(send.worker);
      senders.set(send.deliveryId, list);
    }
    return senders;
  }

  /** Sends per worker process. */
  byWorker(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const send of this.#sends) counts.set(send.worker, (counts.get(send.worker) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SinkSend;
      this.#sends.push(send);
      if (this.onSend(send, this.#sends.length) === 'hang') return;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  }
}
