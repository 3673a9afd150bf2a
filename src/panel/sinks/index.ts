import type { Knex } from 'knex';
import type { Logger } from 'pino';

/** The local SMTP and SMS sinks of the test outbox. */
export interface Sinks {
  close(): Promise<void>;
}

export async function startSinks(_deps: {
  db: Knex;
  logger: Logger;
  smtpPort: number;
  smsPort: number;
}): Promise<Sinks> {
  return { close: async () => undefined };
}
