import type { FilterTree } from './types.js';

/** A named filter the product ships with; stored as a tree like any other, no special SQL. */
export interface FilterPreset {
  readonly id: string;
  /** Locale key of its name. */
  readonly label: string;
  readonly tree: FilterTree;
}

/** Has at least one open invoice whose due date has passed. */
const OVERDUE: FilterTree = { field: 'days_overdue', op: 'gte', value: 1 };

/**
 * Overdue: active or blocked customers with an open invoice past its due date.
 * Up to date: active customers with no open invoice past its due date (none at all counts).
 */
export const PRESETS: Readonly<Record<'overdue' | 'up_to_date', FilterPreset>> = {
  overdue: {
    id: 'overdue',
    label: 'filters.preset.overdue',
    tree: { all: [{ field: 'status', op: 'in', value: ['active', 'blocked'] }, OVERDUE] },
  },
  up_to_date: {
    id: 'up_to_date',
    label: 'filters.preset.up_to_date',
    tree: { all: [{ field: 'status', op: 'in', value: ['active'] }, { not: OVERDUE }] },
  },
};
