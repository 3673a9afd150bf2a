import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { hashPassword, verifyPassword } from './passwords.js';

/** A row of `panel_operators`. */
interface OperatorRow {
  id: number;
  login: string;
  name: string;
  password_hash: string;
  is_admin: number | boolean;
  permissions: string;
  locale: string;
}

/** A signed-in operator of the panel. */
export class Operator {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly isAdmin: boolean;
  readonly locale: string;
  readonly #permissions: ReadonlySet<string>;

  constructor(row: OperatorRow, locale?: string) {
    this.id = row.id;
    this.login = row.login;
    this.name = row.name;
    this.isAdmin = Boolean(row.is_admin);
    this.locale = locale ?? row.locale;
    this.#permissions = new Set(JSON.parse(row.permissions) as string[]);
  }

  can(permission: string): boolean {
    return this.isAdmin || this.#permissions.has(permission);
  }
}

/** What the panel keeps in its signed session cookie. */
export interface SessionData {
  operatorId?: number;
  locale?: string;
}

/** Everything one operator account is created with. */
export interface NewOperator {
  readonly login: string;
  readonly name: string;
  readonly password: string;
  readonly isAdmin: boolean;
  readonly permissions: readonly string[];
  readonly locale?: string;
}

/** Loads the operator of each request from the session and signs operators in and out. */
export class OperatorSession {
  readonly #db: Knex;
  readonly #current = new WeakMap<Request, Operator>();

  constructor(deps: { db: Knex }) {
    this.#db = deps.db;
  }

  /** Express middleware: attaches the signed-in operator, if any, to the request. */
  readonly middleware = async (req: Request, _res: Response, next: NextFunction) => {
    const session = req.session as SessionData | null | undefined;
    if (session?.operatorId) {
      const row = await this.#db<OperatorRow>('panel_operators')
        .where({ id: session.operatorId })
        .first();
      if (row) this.#current.set(req, new Operator(row, session.locale));
    }
    next();
  };

  current(req: Request): Operator | undefined {
    return this.#current.get(req);
  }

  /** The operator for a login and password, or undefined when either is wrong. */
  async authenticate(login: string, password: string): Promise<Operator | undefined> {
    const row = await this.#db<OperatorRow>('panel_operators').where({ login }).first();
    if (!row || !(await verifyPassword(password, row.password_hash))) return undefined;
    return new Operator(row);
  }

  async create(operator: NewOperator): Promise<void> {
    await this.#db('panel_operators').insert({
      login: operator.login,
      name: operator.name,
      password_hash: await hashPassword(operator.password),
      is_admin: operator.isAdmin,
      permissions: JSON.stringify(operator.permissions),
      locale: operator.locale ?? 'pt-BR',
      created_at: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
  }
}
