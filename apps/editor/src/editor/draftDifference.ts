import { diffGraphs, type Graph } from '@crossroads/graph-schema';

/** How the draft differs from a published version, as the header's badge says it. */
export interface DraftDifference {
  /** Changes a publish would carry (behaviour and layout). */
  changes: number;
  /** True when every change only moves steps on the canvas. */
  layoutOnly: boolean;
}

/**
 * The draft against a published version with the same semantic diff as the versions page. The
 * pack versions a publish records (`packs`) are left out: the draft need not list them.
 *
 * @example
 * draftDifference(liveGraph, draftGraph) // { changes: 2, layoutOnly: false }
 */
export function draftDifference(published: Graph, draft: Graph): DraftDifference {
  const changes = diffGraphs(published, draft).changes.filter(
    (c) => !(c.kind === 'graph-changed' && (c.path === 'packs' || c.path?.startsWith('packs.'))),
  );
  return { changes: changes.length, layoutOnly: changes.length > 0 && changes.every((c) => c.layout) };
}
