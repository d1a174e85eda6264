import type { RolloutSettings, WorkflowInsights } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { Eye, GitCompare, Pause, RotateCcw, TrendingUp, Zap } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { GuardrailBanner } from '../experiments/GuardrailBanner.js';
import { GuardrailsPanel } from '../experiments/GuardrailsPanel.js';
import { RolloutPanel } from '../experiments/RolloutPanel.js';
import { OperateShell } from '../shell/OperateShell.js';
import { operatePaths } from '../shell/operatePaths.js';
import type { WorkflowData } from '../shell/useWorkflowData.js';
import { ActivateDialog } from './ActivateDialog.js';
import { VersionFacts } from './VersionFacts.js';
import { type VersionRow, versionRows } from './versionRows.js';

/** Versions of a workflow: who published what and when, contacts per version, activate and roll back. */
export function VersionsView({ data }: { data: WorkflowData }) {
  const { workflow, versions, reload } = data;
  const { canPublish } = useSession();
  const api = useOperateApi();
  const [insights, setInsights] = useState<WorkflowInsights | null>(null);
  const [shown, setShown] = useState<number | null>(workflow.activeVersion ?? versions[0]?.version ?? null);
  const [graph, setGraph] = useState<Graph>(workflow.draft);
  const [activating, setActivating] = useState<VersionRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rollout, setRollout] = useState<RolloutSettings | null>(null);
  const [rollOut, setRollOut] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ from: number | 'draft'; to: number | 'draft' }>({
    from: versions[1]?.version ?? versions[0]?.version ?? 1,
    to: versions[0]?.version ?? 1,
  });

  useEffect(() => {
    api.insights(workflow.id).then(setInsights, () => setInsights(null));
  }, [api, workflow.id]);
  useEffect(() => {
    if (shown === null) return;
    api.version(workflow.id, shown).then(
      (v) => setGraph(v.graph),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api, workflow.id, shown]);

  const rows = useMemo(
    () => versionRows(versions, insights?.versions, workflow.activeVersion, workflow.status),
    [versions, insights, workflow],
  );
  const pause = async () => {
    try {
      await api.pause(workflow.id);
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const aside = (
    <div className="op-panel">
      <div className="op-panel__head">
        <h3>Versions</h3>
        {canPublish && workflow.status === 'active' && (
          <button type="button" className="btn btn--small" onClick={() => void pause()}>
            <Pause size={13} /> Pause
          </button>
        )}
      </div>
      {error && <div className="banner banner--error">{error}</div>}
      <RolloutPanel
        api={api}
        workflowId={workflow.id}
        status={workflow.status}
        canPublish={canPublish}
        rollOut={rollOut}
        onRollOutDone={() => setRollOut(null)}
        onReport={setRollout}
        onChanged={reload}
      />
      <GuardrailsPanel api={api} workflowId={workflow.id} canPublish={canPublish} />
      {rows.length === 0 && <p className="muted">Nothing published yet. Publish the draft to create v1.</p>}
      <ol className="version-list" data-testid="version-list">
        {rows.map((row) => (
          <li
            key={row.version}
            className={`version-row${row.version === shown ? ' is-shown' : ''}${row.action === 'active' ? ' is-active' : ''}`}
            data-testid={`version-${row.version}`}
          >
            <button type="button" className="version-row__main" onClick={() => setShown(row.version)}>
              <span className="version-row__title">
                <strong>v{row.version}</strong>
                <code title={row.hash}>{row.shortHash}</code>
                {row.action === 'active' && <span className="pill pill--active">Live</span>}
                {row.active && workflow.status === 'paused' && (
                  <span className="pill pill--paused">Paused</span>
                )}
                {rollout?.rolloutVersion === row.version && rollout.rolloutPercent > 0 && (
                  <span className="pill pill--active" data-testid={`rolling-${row.version}`}>
                    {rollout.rolloutPercent}% of new
                  </span>
                )}
                {row.action === 'active' && rollout?.rolloutVersion && rollout.rolloutPercent > 0 ? (
                  <span className="muted">{100 - rollout.rolloutPercent}% of new</span>
                ) : null}
                {!row.active && rollout?.rolloutVersion !== row.version && (
                  <span className="muted">not live</span>
                )}
              </span>
              <span className="version-row__message">“{row.message}”</span>
              <span className="version-row__meta">
                Published by {row.publishedBy} · {formatWhen(row.publishedAt)}
                {row.inJourney ? ` · ${row.inJourney} in the journey now` : ''}
              </span>
            </button>
            <VersionFacts
              workflowId={workflow.id}
              version={{ ...row, contacts: row.contacts }}
              live={row.action === 'active'}
              compact
            />
            <span className="version-row__actions">
              <Link
                href={paths.version(workflow.id, row.version)}
                className="btn btn--small btn--ghost"
                title="Open read-only"
              >
                <Eye size={13} /> Open
              </Link>
              {row.version > 1 && (
                <Link
                  href={operatePaths.compare(workflow.id, row.version - 1, row.version)}
                  className="btn btn--small btn--ghost"
                  title={`Compare v${row.version - 1} → v${row.version}`}
                >
                  <GitCompare size={13} /> Diff
                </Link>
              )}
              {canPublish &&
                workflow.status === 'active' &&
                workflow.activeVersion !== null &&
                row.version > workflow.activeVersion &&
                rollout?.rolloutVersion !== row.version && (
                  <button
                    type="button"
                    className="btn btn--small"
                    onClick={() => setRollOut(row.version)}
                    data-testid={`roll-out-${row.version}`}
                  >
                    <TrendingUp size={13} /> Roll out gradually
                  </button>
                )}
              {canPublish && row.action !== 'active' && (
                <button
                  type="button"
                  className={`btn btn--small${row.action === 'rollback' ? ' btn--danger' : ''}`}
                  onClick={() => setActivating(row)}
                  data-testid={`activate-${row.version}`}
                >
                  {row.action === 'rollback' ? <RotateCcw size={13} /> : <Zap size={13} />}
                  {row.action === 'rollback' ? 'Roll back' : 'Activate'}
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
      <Link
        href={`${operatePaths.audit()}?workflowId=${workflow.id}`}
        className="op-small"
        data-testid="journey-audit"
      >
        Audit log of this journey (who published, activated, rolled back and why)
      </Link>
      {rows.length > 0 && (
        <div className="op-compare-pick">
          <h4>Compare any two</h4>
          <div className="op-row">
            <CompareSelect
              label="From"
              value={compare.from}
              rows={rows}
              onChange={(from) => setCompare((c) => ({ ...c, from }))}
            />
            <CompareSelect
              label="To"
              value={compare.to}
              rows={rows}
              onChange={(to) => setCompare((c) => ({ ...c, to }))}
            />
            <Link
              href={operatePaths.compare(workflow.id, compare.from, compare.to)}
              className="btn btn--small btn--primary"
            >
              Compare
            </Link>
          </div>
        </div>
      )}
    </div>
  );
  const banner = (
    <>
      <GuardrailBanner workflowId={workflow.id} status={workflow.status} />
      {shown !== null && (
        <div className="banner banner--info">
          Showing v{shown} (read-only). Contacts already in a journey stay on the version they entered.
        </div>
      )}
    </>
  );
  return (
    <>
      <OperateShell
        data={data}
        graph={graph}
        tab="versions"
        decorations={null}
        aside={aside}
        banner={banner}
      />
      {activating && (
        <ActivateDialog
          api={api}
          workflowId={workflow.id}
          row={activating}
          onClose={() => setActivating(null)}
          onDone={() => {
            setActivating(null);
            reload();
          }}
        />
      )}
    </>
  );
}

function CompareSelect({
  label,
  value,
  rows,
  onChange,
}: {
  label: string;
  value: number | 'draft';
  rows: VersionRow[];
  onChange(v: number | 'draft'): void;
}) {
  return (
    <label className="op-inline">
      {label}
      <select
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
        aria-label={`Compare ${label.toLowerCase()}`}
      >
        {rows.map((r) => (
          <option key={r.version} value={r.version}>
            v{r.version}
          </option>
        ))}
        <option value="draft">draft</option>
      </select>
    </label>
  );
}
