import { sameJson } from '../diff/fieldChanges.js';
import type { Graph, GraphEdge, GraphNode } from '../graph.js';

/**
 * What a three-way merge compares, one item at a time: a field of the journey (its name, …), one
 * setting, one pack entry, a step's content, a step's place on the canvas, or what one output of a
 * step leads to. Two people's edits merge unless they touch the same item.
 */
export type ItemKind = 'graph' | 'setting' | 'pack' | 'node' | 'position' | 'edge';

/** The parts of the graph that are not items of their own. */
const STRUCTURE = new Set(['nodes', 'edges', 'settings', 'packs']);

/** A step without its position: what the step does and is called. */
export type NodeContent = Omit<GraphNode, 'position'>;

/**
 * The item key of a step's content, its position, an output's edge, a setting, a pack or a journey
 * field. Keys are stable across sides of a merge, so a conflict can be settled by naming its key.
 *
 * @example
 * itemKey.node('send-1')          // 'node:send-1'
 * itemKey.edge('gate', 'hot')     // 'edge:["gate","hot"]'
 */
export const itemKey = {
  graph: (field: string) => `graph:${field}`,
  setting: (name: string) => `setting:${name}`,
  pack: (name: string) => `pack:${name}`,
  node: (id: string) => `node:${id}`,
  position: (id: string) => `position:${id}`,
  edge: (source: string, output: string) => `edge:${JSON.stringify([source, output])}`,
};

export interface ItemRef {
  kind: ItemKind;
  /** Node id (node, position, edge source), setting name, pack name or journey field. */
  id: string;
  /** For edges: the output (source handle) the edge leaves. */
  output?: string;
}

/** Reads an item key back into what it names. */
export function parseItemKey(key: string): ItemRef {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon) as ItemKind;
  const rest = key.slice(colon + 1);
  if (kind === 'edge') {
    const [source, output] = JSON.parse(rest) as [string, string];
    return { kind, id: source, output };
  }
  return { kind, id: rest };
}

/** Every item of a graph with its value; an absent item (deleted, never added) is not in the map. */
export function graphItems(graph: Graph): Map<string, unknown> {
  const items = new Map<string, unknown>();
  for (const [field, value] of Object.entries(graph)) {
    if (!STRUCTURE.has(field) && value !== undefined) items.set(itemKey.graph(field), value);
  }
  for (const [name, value] of Object.entries(graph.settings ?? {})) {
    if (value !== undefined) items.set(itemKey.setting(name), value);
  }
  for (const [name, range] of Object.entries(graph.packs ?? {})) items.set(itemKey.pack(name), range);
  for (const node of graph.nodes) {
    const { position, ...content } = node;
    items.set(itemKey.node(node.id), content);
    items.set(itemKey.position(node.id), position);
  }
  for (const edge of graph.edges) items.set(itemKey.edge(edge.source, edge.sourceHandle), edge);
  return items;
}

/**
 * Whether two values of one item are the same edit. An edge is the same when it leads to the same
 * step (its id is a name only); everything else compares as JSON. `undefined` means absent.
 */
export function sameItem(key: string, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (key.startsWith('edge:')) return (a as GraphEdge).target === (b as GraphEdge).target;
  return sameJson(a, b);
}

/**
 * The graph with one item set to `value` (undefined removes it): a step (a whole node; removing
 * it removes its edges too), its position, an output's edge, a setting, a pack or a journey field.
 * How a change that was replaced is put back.
 *
 * @example
 * withItem(graph, 'node:send-1', myVersionOfSend1)
 */
export function withItem(graph: Graph, key: string, value: unknown): Graph {
  const { kind, id, output } = parseItemKey(key);
  switch (kind) {
    case 'node': {
      const node = value as GraphNode | undefined;
      const old = graph.nodes.find((n) => n.id === id);
      if (!node) {
        return {
          ...graph,
          nodes: graph.nodes.filter((n) => n.id !== id),
          edges: graph.edges.filter((e) => e.source !== id && e.target !== id),
        };
      }
      const next = { ...node, id, position: node.position ?? old?.position ?? { x: 0, y: 0 } };
      return old
        ? { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? next : n)) }
        : { ...graph, nodes: [...graph.nodes, next] };
    }
    case 'position':
      return value === undefined
        ? graph
        : {
            ...graph,
            nodes: graph.nodes.map((n) =>
              n.id === id ? { ...n, position: value as GraphNode['position'] } : n,
            ),
          };
    case 'edge': {
      const others = graph.edges.filter((e) => !(e.source === id && e.sourceHandle === output));
      const edge = value as GraphEdge | undefined;
      const ids = new Set(graph.nodes.map((n) => n.id));
      if (!edge || !ids.has(edge.target) || !ids.has(id)) return { ...graph, edges: others };
      return {
        ...graph,
        edges: [...others, { ...edge, source: id, sourceHandle: output ?? edge.sourceHandle }],
      };
    }
    case 'setting': {
      const settings = { ...graph.settings } as Record<string, unknown>;
      if (value === undefined) delete settings[id];
      else settings[id] = value;
      return { ...graph, settings: settings as Graph['settings'] };
    }
    case 'pack': {
      const packs = { ...(graph.packs ?? {}) };
      if (value === undefined) delete packs[id];
      else packs[id] = value as string;
      return { ...graph, packs };
    }
    case 'graph': {
      const next = { ...graph } as Record<string, unknown>;
      if (value === undefined) delete next[id];
      else next[id] = value;
      return next as Graph;
    }
  }
}

/** An item's value for people and for putting it back: a whole node for a step, else as `graphItems`. */
export function itemValue(graph: Graph, key: string): unknown {
  const { kind, id } = parseItemKey(key);
  if (kind === 'node') return graph.nodes.find((n) => n.id === id);
  return graphItems(graph).get(key);
}
