import type { Knex } from 'knex';

/** One-off sends of a template to the customers a filter selects. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('recado_campaigns', (table) => {
    table.increments('id');
    table.string('channel', 8).notNullable();
    table.string('name', 160).notNullable();
    table.integer('account_id').nullable();
    table.integer('template_id').nullable();
    // The filter tree as JSON; a campaign keeps its own copy, even when it came from a group.
    table.text('filter').notNullable();
    table.string('kind', 16).notNullable().defaultTo('marketing');
    table.string('status', 12).notNullable().defaultTo('draft');
    table.dateTime('scheduled_at').nullable();
    table.dateTime('started_at').nullable();
    table.dateTime('finished_at').nullable();
    table.integer('enqueued').notNullable().defaultTo(0);
    // Set once every chunk of the audience is in the queue; a running campaign without it
    // is still being enqueued (or was interrupted, and the scheduler picks it up again).
    table.dateTime('enqueue_finished_at').nullable();
    table.string('created_by', 64).nullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table.index(['status', 'scheduled_at'], 'recado_campaigns_status_idx');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recado_campaigns');
}
