import type { Graph, GraphNode } from '../graph.js';
import type { Problem } from '../problems.js';
import type { NodeConfigMigration, NodeRegistry } from '../registry.js';
import { problem } from '../validate/codes.js';

export interface NodeConfigsResult {
  /** A new graph; nodes that were not upgraded are the same objects as before. */
  graph: Graph;
  /** One line per upgraded node, e.g. "cool-off: wait v1 → v2 (days-to-duration)". */
  applied: string[];
  /** `node.migration-failed` warnings for nodes left at their old version. */
  problems: Problem[];
}

interface Step {
  to: number;
  migration: NodeConfigMigration;
}

/** The next hop from `version`: the lowest newer version that declares a migration from it. */
function nextStep(
  registry: NodeRegistry,
  type: string,
  version: number,
  versions: number[],
): Step | undefined {
  for (const to of versions) {
    if (to <= version) continue;
    const migration = registry.get(type, to)?.migrations?.find((candidate) => candidate.from === version);
    if (migration) return { to, migration };
  }
  return undefined;
}

function upgrade(
  node: GraphNode,
  index: number,
  registry: NodeRegistry,
  applied: string[],
  problems: Problem[],
) {
  const versions = registry.versionsOf(node.type);
  let version = node.version;
  let config = node.config;
  const names: string[] = [];
  for (
    let step = nextStep(registry, node.type, version, versions);
    step;
    step = nextStep(registry, node.type, version, versions)
  ) {
    try {
      config = step.migration.up(structuredClone(config));
    } catch (error) {
      const message = `migration ${step.migration.name} of '${node.type}' failed: ${error instanceof Error ? error.message : String(error)}`;
      problems.push(
        problem('node.migration-failed', { path: `nodes[${index}].config`, nodeId: node.id }, message),
      );
      return node;
    }
    names.push(step.migration.name);
    version = step.to;
  }
  if (version === node.version) return node;
  const check = registry.get(node.type, version)?.configSchema.safeParse(config);
  if (!check?.success) {
    const message = `'${node.type}' v${node.version} → v${version} produced a config v${version} rejects: ${check?.error.issues[0]?.message ?? 'unknown type'}`;
    problems.push(
      problem('node.migration-failed', { path: `nodes[${index}].config`, nodeId: node.id }, message),
    );
    return node;
  }
  applied.push(`${node.id}: ${node.type} v${node.version} → v${version} (${names.join(', ')})`);
  return { ...node, version, config };
}

/**
 * Upgrades each node whose config was written for an older version of its type, following the
 * chain of `migrations` the registry's newer versions declare (a migration `{ from: 1 }` on v2
 * turns a v1 config into a v2 one). Each upgraded config must parse with the new version's
 * schema, else the node stays as it was with a `node.migration-failed` warning. Nodes with no
 * chain to a newer version are left alone: their old version may still be registered.
 *
 * @example
 * ```ts
 * const { graph: upgraded, applied } = migrateNodeConfigs(graph, registry);
 * // applied: ["cool-off: wait v1 → v2 (days-to-duration)"]
 * ```
 */
export function migrateNodeConfigs(graph: Graph, registry: NodeRegistry): NodeConfigsResult {
  const applied: string[] = [];
  const problems: Problem[] = [];
  const nodes = graph.nodes.map((node, index) => upgrade(node, index, registry, applied, problems));
  return { graph: applied.length === 0 ? graph : { ...graph, nodes }, applied, problems };
}
