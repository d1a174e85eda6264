import type { Graph, NodeRegistry } from '@crossroads/graph-schema';

/**
 * A fresh id for a branch (an output people name, see `x-editor: 'branches'`), unused among
 * `taken`. Ids are opaque and stable: generated once, never shown, never derived from the label.
 *
 * @example
 * ```ts
 * newBranchId(['hot', 'else']); // 'branch-k3v9q2'
 * ```
 */
export function newBranchId(taken: Iterable<string>, random: () => number = Math.random): string {
  const used = new Set(taken);
  for (;;) {
    const id = `branch-${random().toString(36).slice(2, 8).padEnd(6, '0')}`;
    if (!used.has(id)) return id;
  }
}

/**
 * What people call an output of a node: the label its type gives it for the node's config (a
 * gate branch's name, "Timed out", "Else"), else the output id itself. For traces, diffs and
 * simulations, which record output ids; show the id only on hover.
 *
 * @example
 * ```ts
 * branchLabel(graph, 'qualify', 'hot-saas', builtinRegistry); // 'Hot SaaS lead'
 * branchLabel(graph, 'qualify', 'else', builtinRegistry); // 'Else'
 * ```
 */
export function branchLabel(
  graph: Pick<Graph, 'nodes'>,
  nodeId: string,
  outputId: string,
  registry: Pick<NodeRegistry, 'get'>,
): string {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const info = node && registry.get(node.type, node.version);
  if (!node || !info) return outputId;
  try {
    const parsed = info.configSchema.safeParse(node.config);
    const outputs = info.outputsFor(parsed.success ? parsed.data : node.config);
    return outputs.find((o) => o.id === outputId)?.label || outputId;
  } catch {
    return outputId;
  }
}
