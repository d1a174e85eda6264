import { Graph } from '../graph.js';
import { migrateGraph } from '../migrate/migrateGraph.js';
import { migrateNodeConfigs } from '../migrate/migrateNodeConfigs.js';
import type { NodeRegistry } from '../registry.js';
import { type ValidationResult, validateGraph } from '../validate/validateGraph.js';

export interface LoadResult extends ValidationResult {
  /** Graph migrations, then node config upgrades, that were applied; empty when already current. */
  applied: string[];
}

/**
 * The whole path from a stored or uploaded document to a current, validated graph: migrate the
 * graph format (`migrateGraph`), upgrade node configs along the registry's chains
 * (`migrateNodeConfigs`), then `validateGraph`. Never throws; problems of every step come back
 * together, and `applied` says what was upgraded so the editor can tell the user.
 *
 * @example
 * ```ts
 * const { ok, graph, problems, applied } = loadGraph(JSON.parse(file), registry);
 * if (applied.length > 0) toast(`Upgraded: ${applied.join('; ')}`);
 * ```
 */
export function loadGraph(input: unknown, registry: NodeRegistry): LoadResult {
  const migrated = migrateGraph(input);
  if (!migrated.ok) return { ok: false, problems: [migrated.problem], applied: [] };
  const parsed = Graph.safeParse(migrated.graph);
  // A structurally broken document is not upgraded: validateGraph reports why it is broken.
  const upgraded = parsed.success ? migrateNodeConfigs(parsed.data, registry) : undefined;
  const result = validateGraph(upgraded?.graph ?? migrated.graph, registry);
  return {
    ...result,
    problems: [...(upgraded?.problems ?? []), ...result.problems],
    applied: [...migrated.applied, ...(upgraded?.applied ?? [])],
  };
}
