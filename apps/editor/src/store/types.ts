import type { Graph, GraphNode, GraphSettings, Problem } from '@crossroads/graph-schema';
import type { NodeCatalog } from '../catalog/catalog.js';
import type { Connection, Fragment, IdFactory } from '../graph-ops/index.js';

export type XY = { x: number; y: number };

export interface GraphSlice {
  graph: Graph;
  catalog: NodeCatalog;
  /** Auditors and published versions: every edit action is a no-op. */
  readOnly: boolean;
  /** Positions while a drag is in flight; committed to the graph (one undo step) when it ends. */
  livePositions: Record<string, XY> | null;
  newId: IdFactory;
  replaceGraph(graph: Graph): void;
  addNodeOfType(type: string, position: XY): string | undefined;
  insertOnEdge(type: string, edgeId: string, position: XY): string | undefined;
  /** Adds a step and connects an output to it, one undo step (a connection dropped on the pane). */
  addNodeAfter(
    type: string,
    position: XY,
    from: { source: string; sourceHandle: string },
  ): string | undefined;
  connect(connection: Connection): void;
  deleteSelection(): void;
  deleteEdges(ids: readonly string[]): void;
  moveLive(positions: Record<string, XY>): void;
  /** Ends a move; moves with the same `burst` key (arrow-key nudges of one selection) are one undo step. */
  commitMove(positions: Record<string, XY>, burst?: string): void;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  patchNode(nodeId: string, patch: Partial<Pick<GraphNode, 'label' | 'owner' | 'notes'>>): void;
  updateSettings(settings: GraphSettings): void;
  renameGraph(name: string): void;
  autoLayout(): Promise<void>;
}

export interface SelectionSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** Inspector field to focus (a problem path below `config`, e.g. `branches[0].rule`). */
  focusPath: string | null;
  select(nodeIds: string[], edgeIds?: string[]): void;
  selectAll(): void;
  focusProblem(problem: Problem): void;
}

export type Panel = 'inspector' | 'settings' | 'json';

/** A small dialog over the canvas: pick a step to add (after an output), a step to connect to, find a step. */
export type CanvasOverlay =
  | { kind: 'add'; at: XY; from?: { source: string; sourceHandle: string }; screen?: XY }
  | { kind: 'connect'; source: string }
  | { kind: 'find' };
/** `signed-out`: the API key stopped working; edits wait in this browser until the user signs in again. */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error' | 'signed-out';

export interface UiSlice {
  problems: Problem[];
  clipboard: Fragment | null;
  panel: Panel;
  save: { status: SaveStatus; revision: number; message?: string };
  /** Edge a palette item is being dragged over (highlighted as a drop target). */
  dropEdgeId: string | null;
  /** Rendered node sizes React Flow measured (it needs them back on the nodes we hand it). */
  sizes: Record<string, { width: number; height: number }>;
  setSizes(sizes: Record<string, { width: number; height: number }>): void;
  setProblems(problems: Problem[]): void;
  setPanel(panel: Panel): void;
  setSave(save: UiSlice['save']): void;
  setDropEdge(id: string | null): void;
  /** The open canvas dialog, if any. */
  overlay: CanvasOverlay | null;
  setOverlay(overlay: CanvasOverlay | null): void;
  /** Where the pointer is over the canvas, in flow coordinates (a box, written without notifying). */
  pointer: { current: XY | null };
  copy(): void;
  /** Pastes the clipboard with its top-left at `at` (the pointer), else shifted from the original. */
  paste(at?: XY | null): void;
  duplicate(): void;
}

export type EditorState = GraphSlice & SelectionSlice & UiSlice;
