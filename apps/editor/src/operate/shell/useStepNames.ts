import type { Graph } from '@crossroads/graph-schema';
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../../app/session.js';
import { loadCatalog } from '../../catalog/loadCatalog.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { branchLabel, type OutputsOf, outputCount, stepLabel } from './labels.js';
import { useWorkspaceApi } from './workspaceApi.js';

/** Names steps, outputs and journeys across versions, for views that span journeys (trace, mailbox). */
export interface StepNames {
  step(workflowId: string, version: number, nodeId: string): string;
  output(workflowId: string, version: number, nodeId: string, handle: string): string;
  outputs(workflowId: string, version: number, nodeId: string): number;
  journey(workflowId: string): string;
  graph(workflowId: string, version: number): Graph | undefined;
  /** Every asked-for graph arrived (or failed): names will not change from ids any more. */
  ready: boolean;
}

// Published versions never change: their graphs are fetched once per page load.
const graphs = new Map<string, Promise<Graph | null>>();

/**
 * Loads the graphs of the given (journey, version) pairs, the journeys' names and the node types'
 * outputs, and names steps by their labels. Until a graph arrives a step is named by its id.
 */
export function useStepNames(pairs: ReadonlyArray<readonly [string, number]>): StepNames {
  const api = useOperateApi();
  const workspace = useWorkspaceApi();
  const { api: editorApi } = useSession();
  const [loaded, setLoaded] = useState<Record<string, Graph>>({});
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const [names, setNames] = useState<Record<string, string>>({});
  const [outputsOf, setOutputsOf] = useState<OutputsOf | undefined>(undefined);
  const key = [...new Set(pairs.map(([w, v]) => `${w}@${v}`))].sort().join(',');

  useEffect(() => {
    let live = true;
    loadCatalog(editorApi).then(
      ({ catalog }) =>
        live && setOutputsOf(() => (node: Parameters<OutputsOf>[0]) => catalog.outputsOf(node)),
      () => {},
    );
    // Archived journeys too: their contacts' traces are still read.
    workspace.workflows({ archived: 'include' }).then(
      ({ items }) => live && setNames(Object.fromEntries(items.map((w) => [w.id, w.name]))),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [workspace, editorApi]);

  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      const [workflowId, version] = id.split('@') as [string, string];
      let pending = graphs.get(id);
      if (!pending) {
        pending = api.version(workflowId, Number(version)).then(
          (v) => v.graph,
          () => null,
        );
        graphs.set(id, pending);
      }
      void pending.then((graph) => {
        if (!live) return;
        if (graph) setLoaded((g) => (g[id] ? g : { ...g, [id]: graph }));
        setSettled((s) => (s.has(id) ? s : new Set([...s, id])));
      });
    }
    return () => {
      live = false;
    };
  }, [api, key]);

  return useMemo(() => {
    const graph = (w: string, v: number) => loaded[`${w}@${v}`];
    const ready = outputsOf !== undefined && (key ? key.split(',') : []).every((id) => settled.has(id));
    return {
      ready,
      graph,
      // Until its graph is in, a step is "…", never its id.
      step: (w, v, nodeId) => (settled.has(`${w}@${v}`) ? stepLabel(graph(w, v), nodeId) : '…'),
      output: (w, v, nodeId, handle) => branchLabel(outputsOf, graph(w, v), nodeId, handle),
      outputs: (w, v, nodeId) => outputCount(outputsOf, graph(w, v), nodeId),
      journey: (w) => names[w] ?? 'Journey',
    };
  }, [loaded, names, outputsOf, key, settled]);
}
