/** Kinds of change `diffGraphs` reports. `node-moved` is the only layout kind. */
export const CHANGE_KINDS = [
  'graph-changed',
  'settings-changed',
  'node-removed',
  'node-added',
  'node-changed',
  'node-moved',
  'edge-removed',
  'edge-added',
  'edge-renamed',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change, with a one-line summary for humans and structured fields for tools. */
export interface GraphChange {
  kind: ChangeKind;
  /** True for changes that only move things on the canvas. */
  layout: boolean;
  nodeId?: string;
  edgeId?: string;
  /**
   * For node changes: the field inside the node, e.g. `config.duration` or `label`.
   * For graph and settings changes: from the graph root, e.g. `settings.reentry`.
   */
  path?: string;
  before?: unknown;
  after?: unknown;
  /** e.g. "Wait 'cool-off': duration P2D → P3D". */
  summary: string;
}

export interface GraphDiff {
  changes: GraphChange[];
  counts: Record<ChangeKind, number>;
  /** True when any change affects behaviour (anything but layout). */
  semantic: boolean;
}

export interface DiffOptions {
  /**
   * Display name of a node type, e.g. from the registry's titles. Defaults to the type's last
   * segment made readable: 'wait-for-event' → 'Wait for event', 'acme/lookup' → 'Lookup'.
   */
  typeTitle?: (type: string) => string;
}
