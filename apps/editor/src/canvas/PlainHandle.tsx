import { type HandleProps, Position, useNodeId } from '@xyflow/react';

/**
 * A handle that only marks where edges meet a node, for far zoom on large journeys. React Flow's
 * `Handle` subscribes to the flow store, and every subscription runs on every pan event: with
 * ~2.3 handles per node that was most of the script time per pointer move at 1,000 nodes (CPU
 * profile). React Flow still measures these (it finds handles by their `react-flow__handle`,
 * `source`/`target` classes and `data-handle*` attributes), so edges keep their anchors; starting
 * or ending a connection needs the real handles of a closer zoom.
 */
export function PlainHandle({
  type,
  position = Position.Left,
  id = null,
  className,
  title,
}: Pick<HandleProps, 'type' | 'position' | 'id' | 'className' | 'title'>) {
  const nodeId = useNodeId();
  return (
    <div
      className={`react-flow__handle react-flow__handle-${position} ${type}${className ? ` ${className}` : ''}`}
      data-handleid={id}
      data-nodeid={nodeId}
      data-handlepos={position}
      title={title}
    />
  );
}
