import { createServer } from 'node:http';

/**
 * A local Zenvia-shaped gateway in its own process for the SMS benchmark: every
 * `POST /v2/channels/sms/messages` is read to the end, counted and answered with a message
 * id, as Zenvia's API v2 answers. Reports its port, then the count when asked.
 */
let received = 0;
/** `BENCH_GATEWAY_LATENCY_MS`: how long each answer waits, as a gateway across the internet. */
const LATENCY_MS = Number(process.env.BENCH_GATEWAY_LATENCY_MS ?? 0);
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v2/channels/sms/messages') {
      res.writeHead(404).end();
      return;
    }
    received += 1;
    const body = JSON.stringify({ id: `zv-${received}`, direction: 'OUT' });
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (LATENCY_MS > 0) setTimeout(answer, LATENCY_MS);
    else answer();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message: { count?: boolean; stop?: boolean }) => {
  if (message.count) process.send?.({ received });
  if (message.stop) {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
