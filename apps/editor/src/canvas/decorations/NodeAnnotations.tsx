import { useStore as useFlowStore, ViewportPortal } from '@xyflow/react';
import type { ReactNode } from 'react';
import { useEditor } from '../../store/context.js';

export interface NodeAnnotation {
  nodeId: string;
  content: ReactNode;
  /** Above the node (counts) or below it (details); defaults to above. */
  place?: 'above' | 'below';
}

const FALLBACK_HEIGHT = 90;
/** Past this many cards only those near the visible part of the canvas are drawn. */
const CULL_ABOVE = 150;
const MARGIN = 300;

/**
 * Small cards pinned to nodes in flow coordinates (they pan and zoom with the canvas), so
 * overlays can show counts and decisions without changing the node component.
 */
export function NodeAnnotations({ items }: { items: readonly NodeAnnotation[] }) {
  const nodes = useEditor((s) => s.graph.nodes);
  const sizes = useEditor((s) => s.sizes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const view = useFlowStore((s) => {
    const [x, y, zoom] = s.transform;
    // Rounded so panning a few pixels does not re-render every card.
    const r = (v: number) => Math.round(v / 100) * 100;
    return `${r(-x / zoom)},${r(-y / zoom)},${r(s.width / zoom)},${r(s.height / zoom)}`;
  });
  const [left, top, width, height] = view.split(',').map(Number) as [number, number, number, number];
  const visible = (p: { x: number; y: number }) =>
    items.length <= CULL_ABOVE ||
    (p.x > left - MARGIN && p.x < left + width + MARGIN && p.y > top - MARGIN && p.y < top + height + MARGIN);
  return (
    <ViewportPortal>
      {items.map((item) => {
        const node = byId.get(item.nodeId);
        if (!node || !visible(node.position)) return null;
        const height = sizes[node.id]?.height ?? FALLBACK_HEIGHT;
        const below = item.place === 'below';
        const y = below ? node.position.y + height + 6 : node.position.y - 6;
        return (
          <div
            key={`${item.nodeId}-${item.place ?? 'above'}`}
            className={`node-note node-note--${below ? 'below' : 'above'}`}
            data-testid={`note-${item.nodeId}`}
            style={{
              transform: `translate(${node.position.x}px, ${y}px)${below ? '' : ' translateY(-100%)'}`,
              width: sizes[node.id]?.width ?? 260,
            }}
          >
            {item.content}
          </div>
        );
      })}
    </ViewportPortal>
  );
}
