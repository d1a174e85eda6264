import type { ELK } from 'elkjs/lib/elk-api.js';
import { moveNodes } from './moveNodes.js';
import type { Graph, OutputsOf } from './types.js';

/** Node box the layout reserves when the canvas has not measured a node; matches its typical size. */
export const LAYOUT_NODE_SIZE = { width: 260, height: 96 } as const;

export type NodeSizes = Readonly<Record<string, { width: number; height: number }>>;

let elk: ELK | undefined;

/**
 * Lays the graph out top to bottom with ELK's layered algorithm (full-size cards that read like
 * a page, as HubSpot and Customer.io draw journeys); branches keep their output order (left to
 * right) through ordered ports. Only positions change.
 */
export async function autoLayout(graph: Graph, outputsOf: OutputsOf, sizes: NodeSizes = {}): Promise<Graph> {
  // ELK is ~1.5 MB: loaded on the first layout, not with the app.
  elk ??= new (await import('elkjs/lib/elk.bundled.js')).default();
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.spacing.edgeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: graph.nodes.map((n) => ({
      id: n.id,
      ...(sizes[n.id] ?? LAYOUT_NODE_SIZE),
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'NORTH' } },
        // ELK orders ports clockwise: on the south side a higher index sits further left.
        ...outputsOf(n).map((o, i, all) => ({
          id: `${n.id}::out::${o.id}`,
          layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(all.length - i) },
        })),
      ],
    })),
    edges: graph.edges
      .filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target))
      .map((e) => {
        const node = graph.nodes.find((n) => n.id === e.source);
        const known = node ? outputsOf(node).some((o) => o.id === e.sourceHandle) : false;
        return {
          id: e.id,
          sources: [known ? `${e.source}::out::${e.sourceHandle}` : e.source],
          targets: [`${e.target}::in`],
        };
      }),
  });
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return moveNodes(graph, positions);
}
