import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Everything the reference panel reads from the environment, with its defaults. */
export interface PanelConfig {
  /** TCP port of the panel; `PORT`, default 3000. */
  readonly port: number;
  /** Interface to bind; `BIND_ADDRESS`, default 127.0.0.1. */
  readonly bindAddress: string;
  /** `DATABASE_URL`; unset means the embedded SQLite file. */
  readonly databaseUrl: string | undefined;
  /** `RECADO_SECRET`: signs sessions, CSRF tokens and links. */
  readonly secret: string;
  /** `RECADO_TIMEZONE`, default America/Sao_Paulo. */
  readonly timeZone: string;
  /** `LOG_LEVEL`, default info. */
  readonly logLevel: string;
  /** `SMTP_SINK_PORT`: the local SMTP sink, default 2525; 0 turns it off. */
  readonly smtpSinkPort: number;
  /** `SMS_SINK_PORT`: the local SMS gateway sink, default 2526; 0 turns it off. */
  readonly smsSinkPort: number;
  /** `SEED_DEMO`: seed the demo provider into an empty database; default on. */
  readonly seedDemo: boolean;
  /** `RECADO_PUBLIC_URL`: the panel's address in links of messages; default the local one. */
  readonly publicUrl: string | undefined;
  /**
   * `RECADO_INLINE_WORKER`: drain the queue inside the panel; `0` when workers run apart. The
   * panel runs the apps' periodic jobs either way.
   */
  readonly inlineWorker: boolean;
}

/** Thrown for an environment variable that holds an unusable value. */
export class ConfigError extends Error {}

const SECRET_FILE = 'data/.recado-secret';

export function readConfig(env: NodeJS.ProcessEnv = process.env): PanelConfig {
  return {
    port: readPort(env, 'PORT', 3000),
    bindAddress: env.BIND_ADDRESS || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    secret: env.RECADO_SECRET || developmentSecret(),
    timeZone: env.RECADO_TIMEZONE || 'America/Sao_Paulo',
    logLevel: env.LOG_LEVEL || 'info',
    smtpSinkPort: readPort(env, 'SMTP_SINK_PORT', 2525),
    smsSinkPort: readPort(env, 'SMS_SINK_PORT', 2526),
    seedDemo: env.SEED_DEMO !== '0' && env.SEED_DEMO !== 'false',
    publicUrl: env.RECADO_PUBLIC_URL || undefined,
    inlineWorker: env.RECADO_INLINE_WORKER !== '0' && env.RECADO_INLINE_WORKER !== 'false',
  };
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name}="${value}" is not a port number (0-65535)`);
  }
  return port;
}

/**
 * Without `RECADO_SECRET` a development secret is made once and kept in `data/`, so that a
 * restart keeps sessions and encrypted credentials readable. Production sets the variable.
 */
function developmentSecret(): string {
  if (existsSync(SECRET_FILE)) return readFileSync(SECRET_FILE, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(SECRET_FILE), { recursive: true });
  writeFileSync(SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}
