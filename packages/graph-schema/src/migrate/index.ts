export { type MigrateResult, migrateGraph } from './migrateGraph.js';
export { migrateNodeConfigs, type NodeConfigsResult } from './migrateNodeConfigs.js';
export { GRAPH_MIGRATIONS } from './migrations.js';
export type { GraphMigration } from './types.js';
