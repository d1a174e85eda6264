import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useStore as useFlowStore,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type MouseEvent, useCallback, useMemo, useRef } from 'react';
import { useEditor, useEditorStore } from '../store/context.js';
import type { XY } from '../store/types.js';
import { useCanvasDecorations } from './decorations/context.js';
import { decorateEdges, decorateNodes } from './decorations/decorations.js';
import './canvas.css';
import {
  createEdgeDeriver,
  createNodeDeriver,
  edgeFacts,
  type JourneyFlowNode,
  problemsByNode,
} from './derive.js';
import { edgeAtPoint, NODE_TYPE_MIME } from './dnd.js';
import { FarEdges } from './FarEdges.js';
import { FarZoomContext } from './farZoom.js';
import { graphBounds, graphFits } from './graphFits.js';
import { JourneyNode } from './JourneyNode.js';
import { CanvasOverlays } from './overlays/CanvasOverlays.js';
import { useConnectionDrop } from './overlays/useConnectionDrop.js';
import { CardsContext, cardRects } from './routing/cards.js';
import { RoutedEdge } from './routing/RoutedEdge.js';
import { useRemeasureLost } from './useRemeasureLost.js';
import { LARGE_JOURNEY } from './view/large.js';
import { useInitialReadableView } from './view/useFitReadable.js';
import { LARGE_FIT, useOpeningViewport, ZOOM_LIMITS } from './view/useOpeningViewport.js';

const nodeTypes = { journey: JourneyNode };
const edgeTypes = { routed: RoutedEdge };
const NODE_HALF = { x: 130, y: 40 };
/** Below this zoom a large journey's steps are drawn as blank coloured boxes (cheap to paint). */
const FAR_ZOOM = 0.45;
/** React Flow's own words for its keyboard help, in ours. */
const ARIA_LABELS = {
  'node.a11yDescription.default':
    'Press Enter or Space to select a step, then the arrow keys to move it, C to connect it, Delete to remove it. A adds a step, Ctrl+F finds one.',
  'edge.a11yDescription.default': 'Press Enter or Space to select a line, then Delete to remove it.',
};

/** The journey canvas: React Flow over nodes and edges derived from the store's graph. */
export function Canvas() {
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();
  const catalog = useEditor((s) => s.catalog);
  const graphNodes = useEditor((s) => s.graph.nodes);
  const graphEdges = useEditor((s) => s.graph.edges);
  const selectedNodeIds = useEditor((s) => s.selectedNodeIds);
  const selectedEdgeIds = useEditor((s) => s.selectedEdgeIds);
  const problems = useEditor((s) => s.problems);
  const live = useEditor((s) => s.livePositions);
  const readOnly = useEditor((s) => s.readOnly);
  const sizes = useEditor((s) => s.sizes);
  const dropEdgeId = useEditor((s) => s.dropEdgeId);
  const large = graphNodes.length > LARGE_JOURNEY;
  const canvasRef = useRef<HTMLDivElement>(null);
  const openingViewport = useOpeningViewport(large, canvasRef);
  // Until React Flow's pane starts, its store says zoom 1: the opening zoom counts then, else the
  // first render handed React Flow every line of a large journey as an edge (1,000 edge
  // components mounted, then dropped for FarEdges one render later).
  const flowFar = useFlowStore((s) => (s.panZoom ? s.transform[2] < FAR_ZOOM : null));
  const far = large && (flowFar ?? (openingViewport?.zoom ?? 1) < FAR_ZOOM);
  // Zoomed out so far that a large journey fits on screen, the minimap shows nothing new, yet its
  // viewBox follows the viewport then, so every pan frame re-laid out all its node rects (CDP
  // trace): hide it. Decided by zoom, not position, so panning never mounts and unmounts it.
  // Nor does a small journey that fits on screen need one: it would only cover steps.
  const bounds = useMemo(() => graphBounds(graphNodes, sizes), [graphNodes, sizes]);
  const showMiniMap = !useFlowStore((s) => graphFits(s.transform[2], s.width, s.height, bounds));

  const deriveNodes = useMemo(() => createNodeDeriver(catalog), [catalog]);
  const deriveEdges = useMemo(() => createEdgeDeriver(), []);
  const byNode = useMemo(() => problemsByNode(problems), [problems]);
  const selectedNodes = useMemo(() => new Set(selectedNodeIds), [selectedNodeIds]);
  const selectedEdges = useMemo(() => new Set(selectedEdgeIds), [selectedEdgeIds]);
  const nodes = useMemo(
    () => deriveNodes(graphNodes, selectedNodes, byNode, live, readOnly, sizes, graphEdges),
    [deriveNodes, graphNodes, selectedNodes, byNode, live, readOnly, sizes, graphEdges],
  );
  // Large journeys skip the per-line names and routing: both are work per line on every change.
  const factsOf = useMemo(
    () => (large ? undefined : edgeFacts(graphNodes, catalog)),
    [large, graphNodes, catalog],
  );
  const edges = useMemo(
    () => deriveEdges(graphEdges, selectedEdges, dropEdgeId, factsOf, !large),
    [deriveEdges, graphEdges, selectedEdges, dropEdgeId, factsOf, large],
  );
  // Overlays (version diff, simulation path, live counts) mark nodes and edges without owning them.
  const decorations = useCanvasDecorations();
  const shownNodes = useMemo(() => decorateNodes(nodes, decorations), [nodes, decorations]);
  const shownEdges = useMemo(() => decorateEdges(edges, decorations), [edges, decorations]);
  // Zoomed far out on a large journey, plain edges are drawn by FarEdges as one path; edges that
  // are selected or carry an overlay stay React Flow edges.
  const farLod = far;
  const cards = useMemo(() => (large ? [] : cardRects(shownNodes, sizes)), [large, shownNodes, sizes]);
  const [flowEdges, farEdges] = useMemo(() => {
    if (!farLod) return [shownEdges, []];
    // Left out of React Flow, not `hidden`: a hidden edge still mounts a wrapper with three store
    // subscriptions that run on every pan event.
    const plain = (e: Edge) => !e.selected && !e.className && !e.label && !e.style && !e.animated;
    return [shownEdges.filter((e) => !plain(e)), shownEdges.filter(plain)];
  }, [farLod, shownEdges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<JourneyFlowNode>[]) => {
      const s = store.getState();
      const moving: Record<string, XY> = {};
      const done: Record<string, XY> = {};
      const measured: Record<string, { width: number; height: number }> = {};
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) (c.dragging ? moving : done)[c.id] = c.position;
        else if (c.type === 'position' && !c.dragging)
          done[c.id] = s.livePositions?.[c.id] ?? done[c.id] ?? { x: 0, y: 0 };
        else if (c.type === 'dimensions' && c.dimensions) measured[c.id] = c.dimensions;
        else if (c.type === 'select') {
          selection ??= new Set(s.selectedNodeIds);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (Object.keys(measured).length) s.setSizes(measured);
      if (Object.keys(moving).length) s.moveLive(moving);
      if (Object.keys(done).length && s.livePositions) s.commitMove(done);
      // Arrow keys move a selected step without a drag: each press is a move, a run of them one undo step.
      else if (Object.keys(done).length) s.commitMove(done, `nudge:${Object.keys(done).sort().join()}`);
      if (selection) s.select([...selection], s.selectedEdgeIds);
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const s = store.getState();
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        selection ??= new Set(s.selectedEdgeIds);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
      if (selection) s.select(s.selectedNodeIds, [...selection]);
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle)
        store.getState().connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    },
    [store],
  );

  useRemeasureLost(shownNodes);
  useInitialReadableView(large);

  const onConnectEnd = useConnectionDrop();

  // Where the pointer is, so paste lands there.
  const onMouseMove = useCallback(
    (e: MouseEvent) => {
      store.getState().pointer.current = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    },
    [store, screenToFlowPosition],
  );

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(NODE_TYPE_MIME) || store.getState().readOnly) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      store.getState().setDropEdge(edgeAtPoint(e.clientX, e.clientY));
    },
    [store],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_TYPE_MIME);
      const s = store.getState();
      s.setDropEdge(null);
      if (!type || s.readOnly) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const position = { x: Math.round(p.x - NODE_HALF.x), y: Math.round(p.y - NODE_HALF.y) };
      const edge = edgeAtPoint(e.clientX, e.clientY);
      if (edge) s.insertOnEdge(type, edge, position);
      else s.addNodeOfType(type, position);
    },
    [store, screenToFlowPosition],
  );

  return (
    <div className={`canvas${far ? ' is-far' : ''}`} data-testid="canvas" ref={canvasRef}>
      <FarZoomContext value={farLod}>
        <CardsContext value={cards}>
          {openingViewport !== null && (
            <ReactFlow<JourneyFlowNode>
              nodes={shownNodes}
              edges={flowEdges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              onMouseMove={onMouseMove}
              onMouseLeave={() => {
                store.getState().pointer.current = null;
              }}
              ariaLabelConfig={ARIA_LABELS}
              onDragOver={onDragOver}
              onDragLeave={() => store.getState().setDropEdge(null)}
              onDrop={onDrop}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              edgesReconnectable={false}
              deleteKeyCode={null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode={['Meta', 'Control']}
              // Culling pays off when few nodes are on screen; zoomed far out it is per-frame work for nothing.
              onlyRenderVisibleElements={large && !far}
              // Far out, a press on a step never starts a pan: the pan's pointer shield (app.css)
              // would otherwise take the release, and a read-only step's click with it.
              noPanClassName={far ? 'react-flow__node' : 'nopan'}
              // Small journeys open at a readable zoom (useInitialReadableView); large ones whole, at
              // once (useOpeningViewport) and to the exact bounds once the steps are measured.
              {...(openingViewport && { defaultViewport: openingViewport })}
              fitView={large}
              fitViewOptions={LARGE_FIT}
              // The wheel scrolls (as on a page); Ctrl + wheel or a pinch zooms.
              panOnScroll
              minZoom={ZOOM_LIMITS.min}
              maxZoom={ZOOM_LIMITS.max}
              proOptions={{ hideAttribution: true }}
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd3e1" />
              {showMiniMap && (
                <MiniMap
                  pannable
                  zoomable
                  nodeColor={(n) => (n as JourneyFlowNode).data.entry?.color ?? '#94a3b8'}
                  nodeStrokeWidth={0}
                  maskColor="rgba(241,244,249,0.7)"
                />
              )}
              <Controls showInteractive={false} />
              {farLod && <FarEdges edges={farEdges} nodes={shownNodes} />}
            </ReactFlow>
          )}
        </CardsContext>
      </FarZoomContext>
      <CanvasOverlays />
    </div>
  );
}
