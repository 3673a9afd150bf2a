import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { startSmsSink } from './sms-sink.js';
import { startSmtpSink, type RunningSink } from './smtp-sink.js';

/** The local SMTP and SMS sinks of the test outbox, as started. */
export interface Sinks {
  /** Port the SMTP sink listens on; undefined when it is off. */
  readonly smtpPort: number | undefined;
  /** Port the SMS sink listens on; undefined when it is off. */
  readonly smsPort: number | undefined;
  /** Stops both; messages being received are given up to 2 s. */
  close(): Promise<void>;
}

/** What the sinks are started with. */
export interface SinkOptions {
  /** Where received messages are stored (`panel_outbox`). */
  readonly db: Knex;
  readonly logger: Logger;
  /**
   * TCP port of the SMTP sink on 127.0.0.1. `0` picks a free port (tests read it back
   * from `Sinks.smtpPort`); `undefined` or `null` leaves the sink off. The panel's
   * `SMTP_SINK_PORT=0` means off, so its caller passes `config.smtpSinkPort || null`.
   */
  readonly smtpPort?: number | null;
  /** TCP port of the SMS sink; the same rule as `smtpPort`. */
  readonly smsPort?: number | null;
  /** The clock stamping `received_at`. Default the system clock. */
  readonly now?: () => Date;
}

/**
 * Starts the sinks that are on. A sink whose port is taken logs a warning and stays off;
 * the panel runs without it.
 */
export async function startSinks(options: SinkOptions): Promise<Sinks> {
  const base = { db: options.db, logger: options.logger, now: options.now ?? (() => new Date()) };
  const off = (name: string): undefined => {
    options.logger.info({ event: 'panel.sink.off', sink: name }, 'sink turned off by config');
    return undefined;
  };

  const smtp = isOn(options.smtpPort)
    ? await startSmtpSink({ ...base, port: options.smtpPort })
    : off('smtp');
  let sms: RunningSink | undefined;
  try {
    sms = isOn(options.smsPort)
      ? await startSmsSink({ ...base, port: options.smsPort })
      : off('sms');
  } catch (error) {
    await smtp?.close();
    throw error;
  }

  return {
    smtpPort: smtp?.port,
    smsPort: sms?.port,
    close: async () => {
      await Promise.all([smtp?.close(), sms?.close()]);
    },
  };
}

function isOn(port: number | null | undefined): port is number {
  return port !== undefined && port !== null;
}
