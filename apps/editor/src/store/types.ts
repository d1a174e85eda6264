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
  connect(connection: Connection): void;
  deleteSelection(): void;
  deleteEdges(ids: readonly string[]): void;
  moveLive(positions: Record<string, XY>): void;
  commitMove(positions: Record<string, XY>): void;
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
  copy(): void;
  paste(): void;
  duplicate(): void;
}

export type EditorState = GraphSlice & SelectionSlice & UiSlice;
