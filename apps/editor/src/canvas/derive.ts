import type { GraphEdge, GraphNode, OutputSpec, Problem } from '@crossroads/graph-schema';
import type { Edge, Node } from '@xyflow/react';
import type { CatalogEntry, NodeCatalog } from '../catalog/catalog.js';
import type { XY } from '../store/types.js';

export interface JourneyNodeData extends Record<string, unknown> {
  node: GraphNode;
  entry: CatalogEntry | undefined;
  outputs: OutputSpec[];
  summary: string;
  errors: number;
  warnings: number;
  /** First problem message, for the marker's tooltip. */
  problem: string | undefined;
  readOnly: boolean;
}

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;

/** What people call a step: the label they typed, else its type's title. */
export function stepName(node: GraphNode, entry: CatalogEntry | undefined): string {
  return node.label || entry?.title || node.type;
}

/** A step's accessible name: its name, its type and its problems, e.g. "Sales-ready?, Segment gate, 1 error". */
function stepAriaLabel(node: GraphNode, entry: CatalogEntry | undefined, counts: Counts | undefined): string {
  const parts = [stepName(node, entry)];
  if (node.label && entry) parts.push(entry.title);
  if (counts?.errors) parts.push(`${counts.errors} error${counts.errors > 1 ? 's' : ''}`);
  if (counts?.warnings) parts.push(`${counts.warnings} warning${counts.warnings > 1 ? 's' : ''}`);
  return parts.join(', ');
}

interface Counts {
  errors: number;
  warnings: number;
  first: string | undefined;
}

/** Problems grouped by node id. */
export function problemsByNode(problems: readonly Problem[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const c = out.get(p.nodeId) ?? { errors: 0, warnings: 0, first: undefined };
    if (p.severity === 'error') c.errors++;
    else c.warnings++;
    c.first ??= p.message;
    out.set(p.nodeId, c);
  }
  return out;
}

/**
 * React Flow nodes derived from the graph. Results are cached per graph node object (graph-ops
 * keep untouched nodes identical), so a change to one node re-creates one React Flow node and
 * memoised node components skip the rest: this keeps 2,000-node graphs responsive.
 */
export function createNodeDeriver(catalog: NodeCatalog) {
  const cache = new WeakMap<GraphNode, { key: string; data: JourneyNodeData; rf: JourneyFlowNode }>();
  const dataCache = new WeakMap<GraphNode, { outputs: OutputSpec[]; summary: string }>();
  return function derive(
    nodes: readonly GraphNode[],
    selected: ReadonlySet<string>,
    problems: ReadonlyMap<string, Counts>,
    live: Record<string, XY> | null,
    readOnly: boolean,
    sizes: Record<string, { width: number; height: number }>,
    edges: readonly GraphEdge[] = [],
  ): JourneyFlowNode[] {
    return nodes.map((node) => {
      const counts = problems.get(node.id);
      const isSelected = selected.has(node.id);
      const position = live?.[node.id] ?? node.position;
      const size = sizes[node.id];
      const key = `${isSelected}|${counts?.errors ?? 0}|${counts?.warnings ?? 0}|${counts?.first ?? ''}|${position.x},${position.y}|${readOnly}|${size?.width},${size?.height}`;
      const hit = cache.get(node);
      if (hit && hit.key === key) return hit.rf;
      let meta = dataCache.get(node);
      if (!meta) {
        const known = catalog.get(node.type, node.version) !== undefined;
        meta = {
          outputs: known ? catalog.outputsOf(node) : outputsInUse(node, edges, catalog),
          summary: catalog.summaryOf(node),
        };
        dataCache.set(node, meta);
      }
      const data: JourneyNodeData =
        hit &&
        hit.data.errors === (counts?.errors ?? 0) &&
        hit.data.warnings === (counts?.warnings ?? 0) &&
        hit.data.problem === counts?.first &&
        hit.data.readOnly === readOnly
          ? hit.data
          : {
              node,
              entry: catalog.get(node.type, node.version),
              ...meta,
              errors: counts?.errors ?? 0,
              warnings: counts?.warnings ?? 0,
              problem: counts?.first,
              readOnly,
            };
      const rf: JourneyFlowNode = {
        id: node.id,
        type: 'journey',
        position,
        data,
        ariaLabel: stepAriaLabel(node, data.entry, counts),
        selected: isSelected,
        deletable: !readOnly,
        ...(size ? { measured: size } : {}),
      };
      cache.set(node, { key, data, rf });
      return rf;
    });
  };
}

/**
 * Outputs of a node whose type is not loaded (a missing pack): the handles its edges leave from,
 * so the journey still draws whole and its edges stay visible.
 */
function outputsInUse(node: GraphNode, edges: readonly GraphEdge[], catalog: NodeCatalog): OutputSpec[] {
  const used = [...new Set(edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle))];
  return used.length > 0 ? used.map((id) => ({ id, label: id })) : catalog.outputsOf(node);
}

/** What a line needs to know about the step it leaves: its accessible name and its lane. */
export interface EdgeFacts {
  ariaLabel: string;
  /** The output's place among its step's outputs, centred on 0 (see `routeEdge`). */
  lane: number;
}

/**
 * The accessible name of each line, "From 'Sales-ready?', branch Hot SaaS lead, to 'Hand to
 * regional AE'" (the branch only when the step has several outputs), and its lane.
 */
export function edgeFacts(nodes: readonly GraphNode[], catalog: NodeCatalog): (e: GraphEdge) => EdgeFacts {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, OutputSpec[]>();
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? stepName(n, catalog.get(n.type, n.version)) : id;
  };
  return (e) => {
    const source = byId.get(e.source);
    let list = outputs.get(e.source);
    if (!list && source) {
      list = catalog.outputsOf(source);
      outputs.set(e.source, list);
    }
    const index = list?.findIndex((o) => o.id === e.sourceHandle) ?? -1;
    const branch = list && list.length > 1 ? list[index]?.label : undefined;
    return {
      ariaLabel: `From '${name(e.source)}'${branch ? `, branch ${branch},` : ''} to '${name(e.target)}'`,
      lane: list && index >= 0 ? index - (list.length - 1) / 2 : 0,
    };
  };
}

/** React Flow edges derived from graph edges (cached per edge object). */
export function createEdgeDeriver() {
  const cache = new WeakMap<GraphEdge, { key: string; rf: Edge }>();
  return function derive(
    edges: readonly GraphEdge[],
    selected: ReadonlySet<string>,
    dropTarget: string | null,
    factsOf?: (e: GraphEdge) => EdgeFacts,
    routed = false,
  ): Edge[] {
    return edges.map((e) => {
      const isSelected = selected.has(e.id);
      const isDrop = dropTarget === e.id;
      const facts = factsOf?.(e);
      const key = `${isSelected}|${isDrop}|${routed}|${facts?.ariaLabel}|${facts?.lane}`;
      const hit = cache.get(e);
      if (hit && hit.key === key) return hit.rf;
      const rf: Edge = {
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        selected: isSelected,
        type: routed ? 'routed' : 'smoothstep',
        className: isDrop ? 'is-drop-target' : '',
        ...(facts && { ariaLabel: facts.ariaLabel, data: { lane: facts.lane } }),
      };
      cache.set(e, { key, rf });
      return rf;
    });
  };
}
