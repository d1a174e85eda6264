import type { Graph, GraphEdge, GraphNode } from '../graph.js';
import { formatPath } from '../problems.js';
import { defaultTypeTitle, formatValue, nodeName } from './describe.js';
import { fieldChanges, sameJson } from './fieldChanges.js';
import { CHANGE_KINDS, type DiffOptions, type GraphChange, type GraphDiff } from './types.js';

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]));
const sortedIds = (ids: Iterable<string>) => [...ids].sort();
const edgeKey = (edge: GraphEdge) => `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
const edgeName = (edge: GraphEdge) => `${edge.source}.${edge.sourceHandle} → ${edge.target}`;

function rootChanges(a: Graph, b: Graph): GraphChange[] {
  const { nodes: _an, edges: _ae, settings: aSettings, ...aRoot } = a;
  const { nodes: _bn, edges: _be, settings: bSettings, ...bRoot } = b;
  const graph = fieldChanges(aRoot, bRoot).map(({ path, before, after }): GraphChange => {
    const where = formatPath(path);
    const summary = `Journey: ${where} ${formatValue(before)} → ${formatValue(after)}`;
    return { kind: 'graph-changed', layout: false, path: where, before, after, summary };
  });
  const settings = fieldChanges(aSettings, bSettings, ['settings']).map(
    ({ path, before, after }): GraphChange => {
      const summary = `Settings: ${formatPath(path.slice(1))} ${formatValue(before)} → ${formatValue(after)}`;
      return { kind: 'settings-changed', layout: false, path: formatPath(path), before, after, summary };
    },
  );
  return [...graph, ...settings];
}

function nodeChanges(a: Graph, b: Graph, title: (type: string) => string): GraphChange[] {
  const before = byId(a.nodes);
  const after = byId(b.nodes);
  const changes: GraphChange[] = [];
  const describe = (node: GraphNode) => `${title(node.type)} ${nodeName(node)}`;
  for (const id of sortedIds(before.keys())) {
    const node = before.get(id) as GraphNode;
    if (after.has(id)) continue;
    const summary = `Removed ${title(node.type).toLowerCase()} node ${nodeName(node)}`;
    changes.push({ kind: 'node-removed', layout: false, nodeId: id, before: node, summary });
  }
  for (const id of sortedIds(after.keys())) {
    const node = after.get(id) as GraphNode;
    if (before.has(id)) continue;
    const summary = `Added ${title(node.type).toLowerCase()} node ${nodeName(node)}`;
    changes.push({ kind: 'node-added', layout: false, nodeId: id, after: node, summary });
  }
  const moved: GraphChange[] = [];
  for (const id of sortedIds(after.keys())) {
    const old = before.get(id);
    const node = after.get(id) as GraphNode;
    if (!old) continue;
    const { position: oldPosition, ...oldRest } = old;
    const { position, ...rest } = node;
    for (const change of fieldChanges(oldRest, rest)) {
      // Inside config the field name alone reads best: "duration P2D → P3D".
      const field = formatPath(change.path[0] === 'config' ? change.path.slice(1) : change.path);
      const summary = `${describe(node)}: ${field} ${formatValue(change.before)} → ${formatValue(change.after)}`;
      const { before: was, after: now } = change;
      changes.push({
        kind: 'node-changed',
        layout: false,
        nodeId: id,
        path: formatPath(change.path),
        before: was,
        after: now,
        summary,
      });
    }
    if (!sameJson(oldPosition, position)) {
      const summary = `Moved ${title(node.type).toLowerCase()} ${nodeName(node)} (layout only)`;
      moved.push({
        kind: 'node-moved',
        layout: true,
        nodeId: id,
        path: 'position',
        before: oldPosition,
        after: position,
        summary,
      });
    }
  }
  return [...changes, ...moved];
}

function edgeChanges(a: Graph, b: Graph): GraphChange[] {
  const before = new Map(a.edges.map((edge) => [edgeKey(edge), edge]));
  const after = new Map(b.edges.map((edge) => [edgeKey(edge), edge]));
  const removed: GraphChange[] = [];
  const added: GraphChange[] = [];
  const renamed: GraphChange[] = [];
  for (const [key, edge] of before) {
    if (after.has(key)) continue;
    removed.push({
      kind: 'edge-removed',
      layout: false,
      edgeId: edge.id,
      before: edge,
      summary: `Removed edge ${edgeName(edge)}`,
    });
  }
  for (const [key, edge] of after) {
    const old = before.get(key);
    if (!old) {
      added.push({
        kind: 'edge-added',
        layout: false,
        edgeId: edge.id,
        after: edge,
        summary: `Added edge ${edgeName(edge)}`,
      });
    } else if (old.id !== edge.id) {
      const summary = `Edge ${edgeName(edge)}: id ${formatValue(old.id)} → ${formatValue(edge.id)}`;
      renamed.push({
        kind: 'edge-renamed',
        layout: false,
        edgeId: edge.id,
        path: 'id',
        before: old.id,
        after: edge.id,
        summary,
      });
    }
  }
  const byName = (x: GraphChange, y: GraphChange) =>
    x.summary < y.summary ? -1 : x.summary > y.summary ? 1 : 0;
  return [...removed.sort(byName), ...added.sort(byName), ...renamed.sort(byName)];
}

/**
 * Semantic diff of two versions of a graph, for auditors and the publish dialog. Nodes are
 * matched by id and compared field by field (config paths with before/after values); a position
 * change is reported separately as `node-moved` with `layout: true`. Edges are matched by what
 * they connect (source, sourceHandle, target), so re-creating an edge with a new id is not a
 * removal plus an addition. Each change carries a one-line summary. Deterministic order: graph,
 * settings, removed, added, changed, moved nodes, then edges.
 *
 * @example
 * ```ts
 * diffGraphs(published, draft).changes.map((c) => c.summary);
 * // ["Settings: reentry once → always", "Added send node 'case-study'",
 * //  "Wait 'cool-off': duration P2D → P3D", "Removed edge gate.else → case-study"]
 * ```
 */
export function diffGraphs(a: Graph, b: Graph, options: DiffOptions = {}): GraphDiff {
  const title = options.typeTitle ?? defaultTypeTitle;
  const changes = [...rootChanges(a, b), ...nodeChanges(a, b, title), ...edgeChanges(a, b)];
  const counts = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as GraphDiff['counts'];
  for (const change of changes) counts[change.kind]++;
  return { changes, counts, semantic: changes.some((change) => !change.layout) };
}
