import type { ExperimentReport, WorkflowInsights, WorkflowStats } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { Activity } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSession } from '../../app/session.js';
import { NodeAnnotations } from '../../canvas/decorations/NodeAnnotations.js';
import { useStableDecorations } from '../../canvas/decorations/useStableDecorations.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { ExperimentReports } from '../experiments/ExperimentReport.js';
import { stepLabel } from '../shell/labels.js';
import { OperateShell } from '../shell/OperateShell.js';
import type { WorkflowData } from '../shell/useWorkflowData.js';
import { JourneySummary } from './JourneySummary.js';
import { liveNotes } from './liveNotes.js';
import { liveOverlay } from './liveOverlay.js';
import { SalesOutcomes } from './SalesOutcomes.js';
import { ScheduledRuns } from './ScheduledRuns.js';
import { StepContacts } from './StepContacts.js';
import { usePolling } from './usePolling.js';

const REFRESH_MS = 3000;

/** The journey with live counts on the canvas (toggle), refreshed every few seconds, and its summary. */
export function LiveView({ data }: { data: WorkflowData }) {
  const { workflow, versions } = data;
  const api = useOperateApi();
  const [version, setVersion] = useState<number | 'all'>(workflow.activeVersion ?? 'all');
  const [graph, setGraph] = useState<Graph>(workflow.draft);
  const [stats, setStats] = useState<WorkflowStats | null>(null);
  const [insights, setInsights] = useState<WorkflowInsights | null>(null);
  const [overlayOn, setOverlayOn] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [experiments, setExperiments] = useState<ExperimentReport | null>(null);
  const { canPublish } = useSession();
  const hasSplit = graph.nodes.some((n) => n.type === 'split');

  useEffect(() => {
    const shown = version === 'all' ? (workflow.activeVersion ?? versions[0]?.version) : version;
    if (shown)
      api.version(workflow.id, shown).then(
        (v) => setGraph(v.graph),
        (e: unknown) => setError(messageOf(e)),
      );
  }, [api, workflow, versions, version]);
  const refresh = useCallback(async () => {
    try {
      const [s, i, x] = await Promise.all([
        api.stats(workflow.id, version === 'all' ? undefined : version),
        api.insights(workflow.id).catch(() => null),
        hasSplit
          ? api.experiments(workflow.id, version === 'all' ? undefined : version).catch(() => null)
          : null,
      ]);
      setStats(s);
      setInsights(i);
      setExperiments(x);
      setUpdated(new Date());
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, workflow.id, version, hasSplit]);
  usePolling(refresh, REFRESH_MS);

  const overlay = useMemo(
    () => (stats ? liveOverlay(graph, stats, insights) : null),
    [graph, stats, insights],
  );
  const notes = useMemo(() => {
    if (!overlay || !overlayOn) return [];
    const arms = Object.fromEntries((experiments?.experiments ?? []).map((x) => [x.nodeId, x.arms]));
    return liveNotes(overlay.nodes, arms);
  }, [overlay, overlayOn, experiments]);
  const decorations = useStableDecorations(overlayOn ? (overlay?.decorations ?? null) : null);
  const aside = (
    <div className="op-panel" data-testid="live-panel">
      <div className="op-panel__head">
        <h3>
          <Activity size={15} /> Live
        </h3>
        <label className="op-inline">
          <input
            type="checkbox"
            checked={overlayOn}
            onChange={(e) => setOverlayOn(e.target.checked)}
            data-testid="overlay-toggle"
          />
          Overlay
        </label>
      </div>
      <div className="op-row">
        <select
          value={String(version)}
          onChange={(e) => setVersion(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          aria-label="Version"
        >
          <option value="all">All versions</option>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
              {v.active ? ' (active)' : ''}
            </option>
          ))}
        </select>
        <span className="muted op-small" data-testid="live-updated">
          {updated ? `updated ${updated.toLocaleTimeString()} · every ${REFRESH_MS / 1000}s` : 'loading…'}
        </span>
      </div>
      {error && <div className="banner banner--error">{error}</div>}
      {step ? (
        <StepContacts
          key={`${step}@${version}`}
          workflowId={workflow.id}
          nodeId={step}
          label={stepLabel(graph, step)}
          version={version === 'all' ? undefined : version}
          onClose={() => setStep(null)}
        />
      ) : (
        <p className="muted op-small">Click a step to see who is at it now.</p>
      )}
      {experiments && experiments.experiments.length > 0 && (
        <ExperimentReports
          api={api}
          workflowId={workflow.id}
          version={experiments.version}
          experiments={experiments.experiments}
          canPublish={canPublish}
        />
      )}
      {overlay && <JourneySummary overlay={overlay} insights={insights} graph={graph} />}
      {graph.nodes.some((n) => n.type === 'sales-handoff') && <SalesOutcomes workflowId={workflow.id} />}
      {graph.nodes.some((n) => n.type === 'trigger' && n.config.on === 'schedule') && (
        <ScheduledRuns workflowId={workflow.id} />
      )}
    </div>
  );
  return (
    <OperateShell
      data={data}
      graph={graph}
      tab="live"
      decorations={decorations}
      aside={aside}
      canvasOverlay={<NodeAnnotations items={notes} />}
      onSelectNode={setStep}
      selectedNodeId={step}
    />
  );
}
