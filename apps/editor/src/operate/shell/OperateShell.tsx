import type { Graph } from '@crossroads/graph-schema';
import { Activity, ChevronRight, FilePenLine, FlaskConical, GitCompare, History } from 'lucide-react';
import { type ReactNode, useEffect, useMemo } from 'react';
import { Link, paths } from '../../app/router.js';
import { CanvasDecorationsProvider } from '../../canvas/decorations/context.js';
import type { CanvasDecorations } from '../../canvas/decorations/decorations.js';
import { EditorShell } from '../../editor/EditorShell.js';
import { createEditorStore } from '../../store/createEditorStore.js';
import { StatusPill } from '../../ui/StatusPill.js';
import { operatePaths } from './operatePaths.js';
import type { WorkflowData } from './useWorkflowData.js';
import '../operate.css';

export type OperateTab = 'versions' | 'compare' | 'simulate' | 'live';

const noSave = async () => {};

/**
 * The frame of every operate view: a read-only canvas of `graph` with an overlay's decorations,
 * the operate tabs in the header and the view's own side panel.
 */
export function OperateShell({
  data,
  graph,
  tab,
  decorations,
  aside,
  canvasOverlay,
  banner,
  onSelectNode,
  selectedNodeId,
}: {
  data: WorkflowData;
  graph: Graph;
  tab: OperateTab;
  decorations: CanvasDecorations | null;
  aside: ReactNode;
  canvasOverlay?: ReactNode;
  banner?: ReactNode;
  /** Told which step was clicked (selected) on the read-only canvas, or null when none is. */
  onSelectNode?: (nodeId: string | null) => void;
  /** The view's own idea of the selected step: null clears the canvas' selection (a closed list). */
  selectedNodeId?: string | null;
}) {
  const { workflow, env, versions } = data;
  const store = useMemo(
    () => createEditorStore({ graph, catalog: env.catalog, readOnly: true }),
    [graph, env],
  );
  useEffect(() => {
    if (!onSelectNode) return;
    const selected = () => {
      const ids = store.getState().selectedNodeIds;
      return ids.length === 1 ? (ids[0] ?? null) : null;
    };
    let last = selected();
    return store.subscribe(() => {
      const now = selected();
      if (now === last) return;
      last = now;
      onSelectNode(now);
    });
  }, [store, onSelectNode]);
  useEffect(() => {
    if (selectedNodeId === null && store.getState().selectedNodeIds.length > 0) store.getState().select([]);
  }, [store, selectedNodeId]);
  const services = useMemo(() => ({ segments: env.segments, preview: env.preview, saveNow: noSave }), [env]);
  const latest = versions[0]?.version;
  const tabs: Array<[OperateTab, string, string, typeof History]> = [
    ['versions', 'Versions', operatePaths.versions(workflow.id), History],
    [
      'compare',
      'Compare',
      latest && latest > 1
        ? operatePaths.compare(workflow.id, latest - 1, latest)
        : operatePaths.compare(workflow.id, latest ?? 1, 'draft'),
      GitCompare,
    ],
    ['simulate', 'Simulate', operatePaths.simulate(workflow.id), FlaskConical],
    ['live', 'Live', operatePaths.live(workflow.id), Activity],
  ];
  const header = (
    <>
      <Link href={paths.list()} className="crumb crumb--link">
        Journeys
      </Link>
      <ChevronRight size={14} className="crumb__sep" />
      <Link href={paths.workflow(workflow.id)} className="crumb crumb--link">
        {workflow.name}
      </Link>
      <StatusPill
        status={workflow.status}
        activeVersion={workflow.activeVersion}
        latestVersion={workflow.latestVersion}
      />
      <nav className="op-tabs" aria-label="Operate">
        {tabs.map(([id, label, href, Icon]) => (
          <Link
            key={id}
            href={href}
            className={`op-tab${tab === id ? ' is-on' : ''}`}
            data-testid={`op-tab-${id}`}
          >
            <Icon size={14} /> {label}
          </Link>
        ))}
      </nav>
    </>
  );
  const actions = (
    <Link href={paths.workflow(workflow.id)} className="btn">
      <FilePenLine size={15} /> Open draft
    </Link>
  );
  return (
    <CanvasDecorationsProvider value={decorations}>
      <EditorShell
        key={tab}
        store={store}
        services={services}
        header={header}
        actions={actions}
        banner={banner}
        aside={
          <aside className="side op-side" data-testid={`op-panel-${tab}`}>
            {aside}
          </aside>
        }
        canvasOverlay={canvasOverlay}
      />
    </CanvasDecorationsProvider>
  );
}
