import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP sink in its own process for the e-mail benchmark: accepts every message,
 * reads it to the end and counts it. Reports its port, then the count when asked.
 */
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received += 1;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message: { count?: boolean; stop?: boolean }) => {
  if (message.count) process.send?.({ received });
  if (message.stop) server.close(() => process.exit(0));
});
