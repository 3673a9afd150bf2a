import type { Knex } from 'knex';
import { dialectOf } from '../src/lib/database.js';

/**
 * Saved groups: a filter tree (JSON) under a name an operator chose. `name_key` is the name
 * folded (case, accents, spaces) and is what must be unique, so that "Centro" and "centro"
 * cannot both exist on either database. On MySQL it is compared byte for byte: the default
 * collation would fold a few more letters (ß = ss) than SQLite does, and both must agree.
 */
export async function up(db: Knex): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  await db.schema.createTable('recado_groups', (table) => {
    table.increments('id');
    table.string('name', 120).notNullable();
    const key = table.string('name_key', 255).notNullable();
    if (mysql) key.collate('utf8mb4_bin');
    table.text('filter').notNullable();
    table.string('created_by', 120).nullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table.unique(['name_key'], { indexName: 'recado_groups_name_key_uq' });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_groups');
}
