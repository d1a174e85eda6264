import type { Graph, GraphEdge, GraphNode } from '../graph.js';
import { graphItems, type ItemRef, itemKey, type NodeContent, parseItemKey, sameItem } from './items.js';

export type MergeSide = 'theirs' | 'mine';

/**
 * Why an item could not merge: both sides changed it differently; one side deleted a step the
 * other changed; or one side deleted a step the other connected to.
 */
export type ConflictReason = 'both-changed' | 'deleted-and-changed' | 'deleted-and-connected';

export interface MergeConflict extends ItemRef {
  key: string;
  reason: ConflictReason;
  /** The item at the base and on each side (a whole step for node conflicts); undefined = absent. */
  base?: unknown;
  theirs?: unknown;
  mine?: unknown;
  /** The side the merged graph holds for this item. */
  kept: MergeSide;
  /** Whether `options.keep` chose that side (else it is theirs by default). */
  chosen: boolean;
}

export interface MergeResult {
  /** A graph in which every item is settled: nothing dangles, every output leads to at most one step. */
  graph: Graph;
  conflicts: MergeConflict[];
}

export interface MergeOptions {
  /** How conflicts settle: one side for all, or per item key; unnamed conflicts keep theirs. */
  keep?: MergeSide | Readonly<Record<string, MergeSide>>;
}

const KIND_ORDER = ['graph', 'setting', 'pack', 'node', 'position', 'edge'];

/**
 * Three-way merge of two edits of one journey made from the same base: `theirs` (e.g. the draft
 * the server holds now) and `mine` (the edit being saved). Items (see `graphItems`: a journey
 * field, a setting, a pack, a step's content, a step's position, an output's edge) changed on one
 * side only take that side; items changed the same way on both sides merge; items both sides
 * changed differently are conflicts, settled by `options.keep` or else to theirs. Deleting a step
 * conflicts with changing it or connecting to it on the other side; deleting one only moved there
 * does not. The merged graph never holds an edge to a missing step.
 *
 * @example
 * const { graph, conflicts } = mergeGraphs(loaded, serverDraft, myDraft);
 * if (conflicts.length === 0) save(graph);
 * // settle: mergeGraphs(loaded, serverDraft, myDraft, { keep: { 'node:send-1': 'mine' } })
 */
export function mergeGraphs(
  base: Graph,
  theirs: Graph,
  mine: Graph,
  options: MergeOptions = {},
): MergeResult {
  const items = { base: graphItems(base), theirs: graphItems(theirs), mine: graphItems(mine) };
  const nodes = { base: byId(base.nodes), theirs: byId(theirs.nodes), mine: byId(mine.nodes) };
  const keepFor = (key: string): { kept: MergeSide; chosen: boolean } => {
    const choice = typeof options.keep === 'string' ? options.keep : options.keep?.[key];
    return { kept: choice ?? 'theirs', chosen: choice !== undefined };
  };
  const merged = new Map<string, unknown>();
  const conflicts = new Map<string, MergeConflict>();
  const conflict = (
    key: string,
    reason: ConflictReason,
    values: Pick<MergeConflict, 'base' | 'theirs' | 'mine'>,
  ) => {
    const settled = keepFor(key);
    conflicts.set(key, { key, ...parseItemKey(key), reason, ...definedOnly(values), ...settled });
    return settled.kept;
  };
  const nodeValues = (id: string) => ({
    base: nodes.base.get(id),
    theirs: nodes.theirs.get(id),
    mine: nodes.mine.get(id),
  });

  // 1. Everything but positions, item by item.
  const keys = unionKeys(items.theirs, items.mine, items.base).filter((key) => !key.startsWith('position:'));
  for (const key of keys) {
    const b = items.base.get(key);
    // An edge a side dropped because it deleted a step at either end is not an edit of its own.
    const [t, m] = (['theirs', 'mine'] as const).map((side) => {
      const value = items[side].get(key);
      const edge = b as GraphEdge | undefined;
      const endGone = edge && (!nodes[side].has(edge.source) || !nodes[side].has(edge.target));
      return value === undefined && key.startsWith('edge:') && endGone ? b : value;
    });
    let value: unknown;
    if (sameItem(key, t, m)) value = t;
    else if (sameItem(key, b, t)) value = m;
    else if (sameItem(key, b, m)) value = t;
    else {
      const reason = t === undefined || m === undefined ? 'deleted-and-changed' : 'both-changed';
      const ref = parseItemKey(key);
      const values = ref.kind === 'node' ? nodeValues(ref.id) : { base: b, theirs: t, mine: m };
      value = conflict(key, reason, values) === 'mine' ? m : t;
    }
    if (value !== undefined) merged.set(key, value);
  }

  // 2. An edge one side changed to reach a step the other side deleted: a conflict on that step
  // (whichever side the edge itself settled to, so the verdict does not depend on the order).
  const present = (id: string) => merged.has(itemKey.node(id));
  for (const key of keys) {
    if (!key.startsWith('edge:')) continue;
    for (const side of ['theirs', 'mine'] as const) {
      const edge = items[side].get(key) as GraphEdge | undefined;
      if (!edge || sameItem(key, items.base.get(key), edge)) continue;
      for (const id of [edge.source, edge.target]) {
        const nodeKey = itemKey.node(id);
        if (present(id) || conflicts.has(nodeKey) || !nodes[side].has(id)) continue;
        const kept = conflict(nodeKey, 'deleted-and-connected', nodeValues(id));
        const restored = items[kept].get(nodeKey);
        if (restored !== undefined) merged.set(nodeKey, restored);
      }
    }
  }

  // 3. Positions of the steps that stay: a step only one side has sits where that side put it.
  const position = (side: 'base' | MergeSide, id: string) => items[side].get(itemKey.position(id));
  for (const id of unionKeys(nodes.theirs, nodes.mine, nodes.base)) {
    if (!present(id)) continue;
    const key = itemKey.position(id);
    const [b, t, m] = [position('base', id), position('theirs', id), position('mine', id)];
    let value: unknown;
    if (t === undefined || m === undefined || sameItem(key, t, m)) value = t ?? m;
    else if (sameItem(key, b, t)) value = m;
    else if (sameItem(key, b, m)) value = t;
    else value = conflict(key, 'both-changed', { base: b, theirs: t, mine: m }) === 'mine' ? m : t;
    merged.set(key, value);
  }

  return { graph: assemble(base, theirs, mine, merged), conflicts: sortConflicts([...conflicts.values()]) };
}

/** Builds the merged graph from its settled items, in theirs' order, then mine's, then the base's. */
function assemble(base: Graph, theirs: Graph, mine: Graph, merged: Map<string, unknown>): Graph {
  const order = [theirs, mine, base];
  const nodes: GraphNode[] = [];
  for (const id of unionKeys(...order.map((g) => byId(g.nodes)))) {
    const content = merged.get(itemKey.node(id)) as NodeContent | undefined;
    if (!content) continue;
    const node = { ...content, position: merged.get(itemKey.position(id)) } as GraphNode;
    nodes.push(
      orderedLike(
        node,
        order.map((g) => g.nodes.find((n) => n.id === id)),
      ),
    );
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  for (const graph of order) {
    for (const { source, sourceHandle } of graph.edges) {
      const key = itemKey.edge(source, sourceHandle);
      const edge = merged.get(key) as GraphEdge | undefined;
      merged.delete(key);
      if (!edge || !ids.has(edge.source) || !ids.has(edge.target)) continue;
      edges.push(edgeIds.has(edge.id) ? { ...edge, id: freeId(edge.id, edgeIds) } : edge);
      edgeIds.add(edges[edges.length - 1]!.id);
    }
  }
  const settings: Record<string, unknown> = {};
  const packs: Record<string, string> = {};
  const root: Record<string, unknown> = {};
  for (const [key, value] of merged) {
    const { kind, id } = parseItemKey(key);
    if (kind === 'graph') root[id] = value;
    else if (kind === 'setting') settings[id] = value;
    else if (kind === 'pack') packs[id] = value as string;
  }
  const graph: Record<string, unknown> = {};
  const fields = unionKeys(...order.map((g) => new Map(Object.entries(g))));
  for (const field of fields) {
    if (field === 'nodes') graph.nodes = nodes;
    else if (field === 'edges') graph.edges = edges;
    else if (field === 'settings')
      graph.settings = orderedLike(
        settings,
        order.map((g) => g.settings),
      );
    else if (field === 'packs') {
      if (Object.keys(packs).length > 0 || (theirs.packs && mine.packs)) graph.packs = packs;
    } else if (root[field] !== undefined) graph[field] = root[field];
  }
  return graph as Graph;
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((item) => [item.id, item]));
}

/** Keys of several maps, first map's order first, each once. */
function unionKeys(...maps: ReadonlyArray<Map<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const map of maps) for (const key of map.keys()) keys.add(key);
  return [...keys];
}

/** The object with its keys in the order the first of `like` that has them uses (stable JSON). */
function orderedLike<T extends object>(value: T, like: ReadonlyArray<object | undefined>): T {
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const model of like) {
    for (const key of Object.keys(model ?? {})) if (key in source && !(key in out)) out[key] = source[key];
  }
  for (const key of Object.keys(source))
    if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  return out as T;
}

function freeId(id: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${id.slice(0, 120)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sortConflicts(list: MergeConflict[]): MergeConflict[] {
  return list.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
