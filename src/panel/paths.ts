import { fileURLToPath } from 'node:url';

/** The reference panel's own migrations, apart from the plugin's. */
export const PANEL_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
