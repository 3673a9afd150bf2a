import type { Knex } from 'knex';
import { OperatorSession, type NewOperator } from '../operators.js';

/**
 * The demo accounts: an admin who may do everything, and an operator of the support desk
 * who sees customers, invoices, Cobrança and E-mail but not SMS nor the marketplace.
 */
export const DEMO_OPERATORS: readonly NewOperator[] = [
  {
    login: 'admin',
    name: 'Administradora',
    password: 'admin',
    isAdmin: true,
    permissions: [],
  },
  {
    login: 'operador',
    name: 'Operador de Atendimento',
    password: 'operador',
    isAdmin: false,
    permissions: [
      'customers.view',
      'customers.block',
      'invoices.view',
      'invoices.pay',
      'outbox.view',
      'billing.view',
      'email.view',
      'email.manage',
    ],
  },
];

/** Creates the demo accounts when the panel has none yet; returns whether it did. */
export async function seedOperators(db: Knex): Promise<boolean> {
  const existing = await db('panel_operators').count({ count: '*' }).first();
  if (Number(existing?.count ?? 0) > 0) return false;
  const sessions = new OperatorSession({ db });
  for (const operator of DEMO_OPERATORS) await sessions.create(operator);
  return true;
}
