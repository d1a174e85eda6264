import { type Graph, GraphSettings } from '@crossroads/graph-schema';
import { segmentFields } from '../fields/nodeFields.js';
import type { NodeDefinition } from '../sdk/defineNode.js';
import type { Registry } from '../sdk/registry.js';

/** A node ready to run: its definition and its config parsed once. */
export interface CompiledNode {
  id: string;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: nodes of many config types live side by side
  definition: NodeDefinition<any>;
  config: unknown;
}

/** A graph prepared for walking: node lookup, adjacency, parsed configs and settings. */
export interface CompiledJourney {
  graph: Graph;
  settings: GraphSettings;
  nodes: ReadonlyMap<string, CompiledNode>;
  trigger: CompiledNode | undefined;
  /** Event types the trigger listens to (its type's `listensTo`); empty without a trigger. */
  triggerEvents: ReadonlySet<string>;
  /**
   * Whether any node names a workspace segment (an `x-editor: 'segment'` field is set): the
   * runtime then loads the workspace's segments for the walk.
   */
  usesSegments: boolean;
  /** Target of the edge leaving `nodeId` through `output`, if any. */
  target(nodeId: string, output: string): string | undefined;
}

/** A graph that cannot run: names the node at fault. */
export class JourneyCompileError extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
  }
}

/**
 * Prepares a graph for the walker. Configs are parsed with their node type's schema, so executors
 * get typed configs and compiled JSONLogic is reused (rules are cached by object identity).
 *
 * @example
 * ```ts
 * const journey = compileJourney(graph, builtinRegistry);
 * journey.target('trigger', 'next'); // 'send-1'
 * ```
 */
export function compileJourney(graph: Graph, registry: Registry): CompiledJourney {
  const nodes = new Map<string, CompiledNode>();
  let trigger: CompiledNode | undefined;
  let usesSegments = false;
  for (const node of graph.nodes) {
    const definition = registry.get(node.type, node.version);
    if (!definition) {
      throw new JourneyCompileError(
        `Node '${node.id}' has unknown type ${node.type}@${node.version}`,
        node.id,
      );
    }
    const parsed = definition.configSchema.safeParse(node.config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JourneyCompileError(
        `Node '${node.id}' has an invalid config at ${issue?.path.join('.') || 'config'}: ${issue?.message}`,
        node.id,
      );
    }
    const compiled: CompiledNode = { id: node.id, type: node.type, definition, config: parsed.data };
    nodes.set(node.id, compiled);
    if (definition.kind === 'trigger' && !trigger) trigger = compiled;
    if (!usesSegments && segmentFields(definition, parsed.data).length > 0) usesSegments = true;
  }
  const edges = new Map<string, string>();
  for (const edge of graph.edges) edges.set(`${edge.source}\u0000${edge.sourceHandle}`, edge.target);
  return {
    graph,
    settings: GraphSettings.parse(graph.settings ?? {}),
    nodes,
    trigger,
    triggerEvents: new Set(trigger?.definition.listensTo?.(trigger.config) ?? []),
    usesSegments,
    target: (nodeId, output) => edges.get(`${nodeId}\u0000${output}`),
  };
}

const MAX_CACHED = 1000;
const byKey = new Map<string, CompiledJourney>();
const byGraph = new WeakMap<object, CompiledJourney>();

/**
 * `compileJourney`, cached: by `key` (a published version's hash, stable forever) or else by the
 * graph object. The keyed cache keeps the most recently compiled 1,000 graphs.
 *
 * @example
 * ```ts
 * const journey = compiledJourney(graph, registry, version.hash);
 * ```
 */
export function compiledJourney(graph: Graph, registry: Registry, key?: string): CompiledJourney {
  if (key === undefined) {
    let compiled = byGraph.get(graph);
    if (!compiled) {
      compiled = compileJourney(graph, registry);
      byGraph.set(graph, compiled);
    }
    return compiled;
  }
  let compiled = byKey.get(key);
  if (!compiled) {
    compiled = compileJourney(graph, registry);
    if (byKey.size >= MAX_CACHED) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, compiled);
  }
  return compiled;
}

/** The cached compiled journey for a key, without a graph (the runtime then loads the graph). */
export function cachedJourney(key: string): CompiledJourney | undefined {
  return byKey.get(key);
}
