import { useStoreApi, useUpdateNodeInternals } from '@xyflow/react';
import { useEffect } from 'react';

const CHECK_AFTER_MS = 400;
const MAX_CHECKS = 5;

/**
 * Re-measures nodes React Flow rendered but never measured. Under load a resize observation can be
 * lost to a render that overtakes it (xyflow#4888); React Flow keeps such a node `visibility: hidden`
 * (or, measured without handle bounds, draws none of its edges) and, as its size never changes
 * again, nothing measures it later. Seen once in CI: a 2-node canvas
 * stayed blank for 45 s. Runs a few checks after each change of the nodes handed to React Flow.
 */
export function useRemeasureLost(nodes: readonly unknown[]): void {
  const flow = useStoreApi();
  const updateNodeInternals = useUpdateNodeInternals();
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-check whenever React Flow gets new nodes
  useEffect(() => {
    let checks = 0;
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const { nodeLookup, domNode } = flow.getState();
      const lost: string[] = [];
      // The rendered nodes only (culling leaves off-screen nodes unmeasured on purpose).
      for (const element of domNode?.querySelectorAll('.react-flow__node') ?? []) {
        const id = element.getAttribute('data-id');
        const node = id === null ? undefined : nodeLookup.get(id);
        // Measured but without handle bounds is the same race's other face: its edges are not drawn.
        if (node && !node.hidden && (node.measured.width === undefined || !node.internals.handleBounds))
          lost.push(node.id);
      }
      if (lost.length > 0) updateNodeInternals(lost);
      if (lost.length > 0 && ++checks < MAX_CHECKS) timer = setTimeout(check, CHECK_AFTER_MS);
    };
    timer = setTimeout(check, CHECK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [nodes, flow, updateNodeInternals]);
}
