import type { GraphNode } from '@crossroads/graph-schema';
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { NodeCatalog } from '../../catalog/catalog.js';
import { freeSpot } from '../../graph-ops/freeSpot.js';
import { useEditor, useEditorStore } from '../../store/context.js';
import type { CanvasOverlay } from '../../store/types.js';
import { stepName } from '../derive.js';
import { NodeIcon } from '../NodeIcon.js';
import { groupEntries, latestOnly } from '../Palette.js';
import { READABLE_ZOOM } from '../view/readableFit.js';
import { type Choice, ChoiceDialog } from './ChoiceDialog.js';
import { focusStep } from './focusStep.js';

/** The dialog the store says is open over the canvas: add a step, connect to a step, find a step. */
export function CanvasOverlays() {
  const overlay = useEditor((s) => s.overlay);
  if (!overlay) return null;
  if (overlay.kind === 'add') return <AddStep overlay={overlay} />;
  if (overlay.kind === 'connect') return <ConnectTo source={overlay.source} />;
  return <FindStep />;
}

const stepChoice = (n: GraphNode, catalog: NodeCatalog): Choice => {
  const entry = catalog.get(n.type, n.version);
  return {
    id: n.id,
    label: stepName(n, entry),
    detail: n.label && entry ? entry.title : catalog.summaryOf(n),
    keywords: `${entry?.title ?? n.type} ${catalog.summaryOf(n)}`,
    icon: <NodeIcon name={entry?.icon} size={14} />,
  };
};

/** Picks a step type; inserts it where the connection was dropped (connected) or where asked. */
function AddStep({ overlay }: { overlay: Extract<CanvasOverlay, { kind: 'add' }> }) {
  const store = useEditorStore();
  const catalog = useEditor((s) => s.catalog);
  const hasTrigger = useEditor((s) =>
    s.graph.nodes.some((n) => s.catalog.get(n.type, n.version)?.kind === 'trigger'),
  );
  const choices = useMemo(
    () =>
      groupEntries(latestOnly(catalog.entries), '')
        .flatMap(([, entries]) => entries)
        .filter((e) => e.kind !== 'trigger' || (!overlay.from && !hasTrigger))
        .map((e) => ({
          id: e.type,
          label: e.title,
          detail: e.description,
          keywords: `${e.category} ${e.type}`,
          icon: <NodeIcon name={e.icon} size={14} />,
        })),
    [catalog, overlay.from, hasTrigger],
  );
  const s = store.getState();
  const from = overlay.from && graphName(overlay.from.source, s.graph.nodes, catalog);
  return (
    <ChoiceDialog
      title={from ? `Add a step after '${from}'` : 'Add a step'}
      placeholder="Search step types"
      choices={choices}
      at={overlay.screen}
      testId="step-picker"
      onClose={() => store.getState().setOverlay(null)}
      onChoose={(type) => {
        const st = store.getState();
        const position = freeSpot(st.graph, st.sizes, { x: overlay.at.x - 130, y: overlay.at.y });
        const id = overlay.from
          ? st.addNodeAfter(type, position, overlay.from)
          : st.addNodeOfType(type, position);
        st.setOverlay(null);
        if (id) focusStep(id);
      }}
    />
  );
}

function graphName(id: string, nodes: readonly GraphNode[], catalog: NodeCatalog): string {
  const n = nodes.find((x) => x.id === id);
  return n ? stepName(n, catalog.get(n.type, n.version)) : id;
}

/** Connects the selected step (one of its outputs) to a step chosen from a list: C on the keyboard. */
function ConnectTo({ source }: { source: string }) {
  const store = useEditorStore();
  const catalog = useEditor((s) => s.catalog);
  const nodes = useEditor((s) => s.graph.nodes);
  const edges = useEditor((s) => s.graph.edges);
  const node = nodes.find((n) => n.id === source);
  const outputs = useMemo(() => (node ? catalog.outputsOf(node) : []), [node, catalog]);
  const free = outputs.find((o) => !edges.some((e) => e.source === source && e.sourceHandle === o.id));
  const [output, setOutput] = useState(free?.id ?? outputs[0]?.id ?? '');
  const choices = useMemo(
    () =>
      nodes
        .filter((n) => n.id !== source && catalog.get(n.type, n.version)?.kind !== 'trigger')
        .map((n) => stepChoice(n, catalog)),
    [nodes, source, catalog],
  );
  if (!node) return null;
  const name = stepName(node, catalog.get(node.type, node.version));
  return (
    <ChoiceDialog
      title={`Connect '${name}' to…`}
      placeholder="Search steps"
      choices={choices}
      testId="connect-picker"
      empty="No other step to connect to"
      onClose={() => store.getState().setOverlay(null)}
      onChoose={(target) => {
        store.getState().connect({ source, sourceHandle: output, target });
        store.getState().setOverlay(null);
        focusStep(source);
      }}
    >
      {outputs.length > 1 && (
        <label className="choice__field">
          <span>From branch</span>
          <select value={output} onChange={(e) => setOutput(e.target.value)}>
            {outputs.map((o) => {
              // An output leads to one step: choosing a connected one moves its line.
              const now = edges.find((e) => e.source === source && e.sourceHandle === o.id);
              return (
                <option key={o.id} value={o.id}>
                  {now ? `${o.label} (now to '${graphName(now.target, nodes, catalog)}')` : o.label}
                </option>
              );
            })}
          </select>
        </label>
      )}
    </ChoiceDialog>
  );
}

/** Ctrl+F: finds a step by its name (or type) and centres it, selected, at a readable zoom. */
function FindStep() {
  const store = useEditorStore();
  const catalog = useEditor((s) => s.catalog);
  const nodes = useEditor((s) => s.graph.nodes);
  const { setCenter, getZoom } = useReactFlow();
  const choices = useMemo(() => nodes.map((n) => stepChoice(n, catalog)), [nodes, catalog]);
  return (
    <ChoiceDialog
      title="Find a step"
      placeholder="Find a step by name"
      choices={choices}
      testId="find-step"
      empty="No step has that name"
      onClose={() => store.getState().setOverlay(null)}
      onChoose={(id) => {
        const s = store.getState();
        const n = s.graph.nodes.find((x) => x.id === id);
        s.setOverlay(null);
        if (!n) return;
        const size = s.sizes[id] ?? { width: 260, height: 96 };
        s.select([id]);
        void setCenter(n.position.x + size.width / 2, n.position.y + size.height / 2, {
          zoom: Math.max(getZoom(), READABLE_ZOOM),
          duration: 300,
        });
        focusStep(id);
      }}
    />
  );
}
