import type { GraphMigration } from './types.js';
import { v0ToV1 } from './v0ToV1.js';

/** Every graph format migration, oldest first. Append; never edit a published one. */
export const GRAPH_MIGRATIONS: readonly GraphMigration[] = [v0ToV1];
