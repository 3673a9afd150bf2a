import type { FilterTree } from '../filters/index.js';

/** A row of `recado_groups` as both drivers return it. */
export interface GroupRow {
  readonly id: number;
  readonly name: string;
  /** The name folded for uniqueness (see `groupNameKey`). */
  readonly name_key: string;
  /** The filter tree as JSON text. */
  readonly filter: string;
  readonly created_by: string | null;
  /** UTC, `YYYY-MM-DD HH:MM:SS[.mmm]`. */
  readonly created_at: string;
  readonly updated_at: string;
}

/** A group: a filter saved under a name an operator chose. */
export interface SavedGroup {
  readonly id: number;
  /** Trimmed, 1–120 characters, unique without regard to case or accents. */
  readonly name: string;
  /** Valid when it was saved; the engine validates it again wherever it runs. */
  readonly filter: FilterTree;
  /** The name of the operator who created it, when the host gave one. */
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A group the product ships with (`PRESETS`): listed beside the saved ones, never changed. */
export interface PresetGroup {
  /** How a form refers to it: `preset:<id>`. */
  readonly ref: string;
  /** Id of the preset, e.g. `overdue`. */
  readonly preset: string;
  /** Locale key of its name. */
  readonly label: string;
  readonly filter: FilterTree;
}

/** What creating a group takes; both fields are untrusted input and validated. */
export interface NewGroup {
  readonly name: unknown;
  readonly filter: unknown;
  /** The operator's name, for the record. Default none. */
  readonly createdBy?: string | null;
}

/** A change to a group: a new name, a new filter, or both; an absent field stays. */
export interface GroupChange {
  readonly name?: unknown;
  readonly filter?: unknown;
}

/** What the store needs of the filter engine: its validation. */
export interface FilterValidator {
  /** Returns the tree, or throws `RECADO_FILTER_INVALID` with the offending path. */
  validate(input: unknown): FilterTree;
}
