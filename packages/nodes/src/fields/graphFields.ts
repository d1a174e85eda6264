import { formatPath, type Graph } from '@crossroads/graph-schema';
import { type HasConfigSchema, segmentFields, type TemplateField, templateFields } from './nodeFields.js';

/** A registry that hands out config schemas (every `Registry` of this package does). */
export interface SchemaRegistry {
  get(type: string, version: number): HasConfigSchema | undefined;
}

type GraphNodes = Pick<Graph, 'nodes'>;

/** One place a graph names a workspace segment. */
export interface SegmentRef {
  nodeId: string;
  name: string;
  /** In the notation of problems: `nodes[2].config.branches[0].segment`. */
  path: string;
}

/**
 * Every segment a graph names: the `x-editor: 'segment'` fields of its nodes' configs (built-in
 * or pack), found through each node type's schema. Nodes of unknown types are skipped
 * (validation reports them).
 *
 * @example
 * ```ts
 * segmentRefs(graph, registry); // [{ nodeId: 'gate', name: 'vips', path: 'nodes[3].config.branches[0].segment' }]
 * ```
 */
export function segmentRefs(graph: GraphNodes, registry: SchemaRegistry): SegmentRef[] {
  return graph.nodes.flatMap((node, index) => {
    const definition = registry.get(node.type, node.version);
    if (!definition) return [];
    return segmentFields(definition, node.config).map(({ path, name }) => ({
      nodeId: node.id,
      name,
      path: formatPath(['nodes', index, 'config', ...path]),
    }));
  });
}

/** A Liquid template inside a graph, located like a problem. */
export interface TemplateRef extends Omit<TemplateField, 'path'> {
  nodeId: string;
  /** `nodes[1].config.subject`. */
  path: string;
  /** The field's name inside the config, for messages: `subject`, `branches[0].note`. */
  field: string;
}

/**
 * Every Liquid template in a graph (`x-editor: 'template'` fields), for the runtime to parse at
 * save time with the right escaping.
 *
 * @example
 * ```ts
 * templateRefs(graph, registry); // [{ nodeId: 'welcome', path: 'nodes[1].config.html', field: 'html', escape: 'html', source }]
 * ```
 */
export function templateRefs(graph: GraphNodes, registry: SchemaRegistry): TemplateRef[] {
  return graph.nodes.flatMap((node, index) => {
    const definition = registry.get(node.type, node.version);
    if (!definition) return [];
    return templateFields(definition, node.config).map((template) => ({
      ...template,
      nodeId: node.id,
      path: formatPath(['nodes', index, 'config', ...template.path]),
      field: formatPath(template.path),
    }));
  });
}
