import type { Knex } from 'knex';
import { fromSqlTime, toSqlTime } from '../../lib/time.js';
import { RecadoError } from '../errors.js';
import { PRESETS, type FilterTree } from '../filters/index.js';
import { cleanGroupName, groupNameKey, isUniqueViolation } from './names.js';
import type {
  FilterValidator,
  GroupChange,
  GroupRow,
  NewGroup,
  PresetGroup,
  SavedGroup,
} from './types.js';

const TABLE = 'recado_groups';

/** The presets as read-only groups, in the order `PRESETS` lists them. */
const PRESET_GROUPS: readonly PresetGroup[] = Object.values(PRESETS).map((preset) => ({
  ref: `preset:${preset.id}`,
  preset: preset.id,
  label: preset.label,
  filter: preset.tree,
}));

function toGroup(row: GroupRow): SavedGroup {
  return {
    id: Number(row.id),
    name: row.name,
    filter: JSON.parse(row.filter) as FilterTree,
    createdBy: row.created_by,
    createdAt: fromSqlTime(String(row.created_at)),
    updatedAt: fromSqlTime(String(row.updated_at)),
  };
}

/**
 * Saved groups in `recado_groups`. Every write validates first (the name, then the filter
 * with the engine) and writes one row in one statement, so a refused input writes nothing.
 */
export class GroupStore {
  readonly #db: Knex;
  readonly #filters: FilterValidator;
  readonly #now: () => Date;

  constructor(deps: { db: Knex; filters: FilterValidator; now?: () => Date }) {
    this.#db = deps.db;
    this.#filters = deps.filters;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Saved groups by name. */
  async list(): Promise<SavedGroup[]> {
    const rows = (await this.#db(TABLE).select('*')) as GroupRow[];
    const groups = rows.map(toGroup);
    return groups.sort((a, b) => a.name.localeCompare(b.name, 'pt-BR', { sensitivity: 'base' }));
  }

  /** The built-in groups, read-only. */
  presets(): readonly PresetGroup[] {
    return PRESET_GROUPS;
  }

  /** One saved group, or `RECADO_GROUP_NOT_FOUND`. */
  async get(id: number): Promise<SavedGroup> {
    const row = (await this.#db(TABLE).where({ id }).first()) as GroupRow | undefined;
    if (!row) throw new RecadoError('RECADO_GROUP_NOT_FOUND', { id });
    return toGroup(row);
  }

  /** The filter a form's group reference names: `preset:<id>` or `group:<id>`. */
  async filterOf(ref: string): Promise<FilterTree> {
    const preset = PRESET_GROUPS.find((group) => group.ref === ref);
    if (preset) return preset.filter;
    const id = /^group:(\d+)$/.exec(ref)?.[1];
    if (!id) throw new RecadoError('RECADO_GROUP_NOT_FOUND', { id: ref });
    return (await this.get(Number(id))).filter;
  }

  async create(group: NewGroup): Promise<SavedGroup> {
    const name = cleanGroupName(group.name);
    const filter = this.#filters.validate(group.filter);
    await this.#refuseTaken(name);

    const stamp = toSqlTime(this.#now());
    const row = {
      name,
      name_key: groupNameKey(name),
      filter: JSON.stringify(filter),
      created_by: group.createdBy ?? null,
      created_at: stamp,
      updated_at: stamp,
    };
    const [id] = await this.#write(name, () => this.#db(TABLE).insert(row));
    return this.get(Number(id));
  }

  async rename(id: number, name: unknown): Promise<SavedGroup> {
    return this.update(id, { name });
  }

  async changeFilter(id: number, filter: unknown): Promise<SavedGroup> {
    return this.update(id, { filter });
  }

  /** Renames and refilters in one UPDATE; an absent field is kept. */
  async update(id: number, change: GroupChange): Promise<SavedGroup> {
    await this.get(id);
    const name = change.name === undefined ? undefined : cleanGroupName(change.name);
    const filter = change.filter === undefined ? undefined : this.#filters.validate(change.filter);
    if (name !== undefined) await this.#refuseTaken(name, id);

    const values: Record<string, string> = { updated_at: toSqlTime(this.#now()) };
    if (name !== undefined) Object.assign(values, { name, name_key: groupNameKey(name) });
    if (filter !== undefined) values.filter = JSON.stringify(filter);
    await this.#write(name ?? '', () => this.#db(TABLE).where({ id }).update(values));
    return this.get(id);
  }

  /** Deletes a group; campaigns that copied its filter keep their copy. */
  async delete(id: number): Promise<void> {
    const deleted = await this.#db(TABLE).where({ id }).delete();
    if (deleted === 0) throw new RecadoError('RECADO_GROUP_NOT_FOUND', { id });
  }

  /** A clear error before the write; the unique index still decides a race (see `#write`). */
  async #refuseTaken(name: string, exceptId?: number): Promise<void> {
    const query = this.#db(TABLE).where({ name_key: groupNameKey(name) });
    if (exceptId !== undefined) query.whereNot({ id: exceptId });
    const taken = (await query.first('name')) as { name: string } | undefined;
    if (taken) throw new RecadoError('RECADO_GROUP_NAME_TAKEN', { name: taken.name });
  }

  /** Runs a write; two operators saving the same name at once meet the unique index. */
  async #write<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new RecadoError('RECADO_GROUP_NAME_TAKEN', { name }, { cause: error });
      }
      throw error;
    }
  }
}
