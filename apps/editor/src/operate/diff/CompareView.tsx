import type { VersionDiff } from '@crossroads/api';
import { diffGraphs, type Graph, type GraphDiff } from '@crossroads/graph-schema';
import { Braces, Network } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { navigate } from '../../app/router.js';
import { type NodeAnnotation, NodeAnnotations } from '../../canvas/decorations/NodeAnnotations.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { OperateShell } from '../shell/OperateShell.js';
import { operatePaths } from '../shell/operatePaths.js';
import type { WorkflowData } from '../shell/useWorkflowData.js';
import { SegmentChanges } from '../versions/SegmentChanges.js';
import { changeSummary } from './changeSummary.js';
import { diffOverlay } from './diffOverlay.js';
import { JsonDiff } from './JsonDiff.js';
import { prettyGraph } from './prettyGraph.js';

type Side = number | 'draft';

const short = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '—' : text.length > 48 ? `${text.slice(0, 45)}…` : text;
};

/** Two versions (or a version and the draft) compared on the canvas and as a JSON diff. */
export function CompareView({ data, from, to }: { data: WorkflowData; from: Side; to: Side }) {
  const { workflow, versions } = data;
  const api = useOperateApi();
  const [pair, setPair] = useState<{ a: Graph; b: Graph; diff: GraphDiff } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'canvas' | 'json'>('canvas');

  useEffect(() => {
    let live = true;
    const load = (side: Side) =>
      side === 'draft'
        ? Promise.resolve(workflow.draft)
        : api.version(workflow.id, side).then((v) => v.graph);
    Promise.all([load(from), load(to)])
      .then(async ([a, b]) => {
        // The server's diff names node types by their registry titles; the local one is the fallback.
        const diff = await api.diff(workflow.id, from, to).catch(() => diffGraphs(a, b));
        if (live) setPair({ a, b, diff });
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [api, workflow, from, to]);

  const registry = data.env.catalog.registry;
  const overlay = useMemo(
    () => (pair ? diffOverlay(pair.a, pair.b, pair.diff, registry) : null),
    [pair, registry],
  );
  const json = useMemo(() => (pair ? { a: prettyGraph(pair.a), b: prettyGraph(pair.b) } : null), [pair]);
  const notes = useMemo<NodeAnnotation[]>(() => {
    if (!overlay) return [];
    return Object.entries(overlay.fieldChanges).map(([nodeId, changes]) => ({
      nodeId,
      place: 'below',
      content: (
        <ul className="diff-note">
          {changes.map((c) => (
            <li key={c.path}>
              <code>{c.path}</code> <s>{short(c.before)}</s> → <b>{short(c.after)}</b>
            </li>
          ))}
        </ul>
      ),
    }));
  }, [overlay]);

  const label = (s: Side) => (s === 'draft' ? 'draft' : `v${s}`);
  const options = [...versions.map((v) => v.version as Side), 'draft' as Side];
  const pick = (next: { from?: Side; to?: Side }) =>
    navigate(operatePaths.compare(workflow.id, next.from ?? from, next.to ?? to));
  const semantic = pair?.diff.changes.filter((c) => !c.layout) ?? [];
  const outputsOf = (node: Parameters<typeof data.env.catalog.outputsOf>[0]) =>
    data.env.catalog.outputsOf(node);
  // The server's diff also compares the segment revisions each side runs with.
  const segmentChanges = pair && 'segments' in pair.diff ? (pair.diff as VersionDiff).segments : undefined;

  const aside = (
    <div className="op-panel" data-testid="compare-panel">
      <div className="op-panel__head">
        <h3>
          {label(from)} → {label(to)}
        </h3>
        <fieldset className="op-seg" aria-label="View">
          <button
            type="button"
            className={mode === 'canvas' ? 'is-on' : ''}
            onClick={() => setMode('canvas')}
          >
            <Network size={13} /> Canvas
          </button>
          <button
            type="button"
            className={mode === 'json' ? 'is-on' : ''}
            onClick={() => setMode('json')}
            data-testid="show-json-diff"
          >
            <Braces size={13} /> JSON
          </button>
        </fieldset>
      </div>
      <div className="op-row">
        {(['from', 'to'] as const).map((which) => (
          <label key={which} className="op-inline">
            {which}
            <select
              value={String(which === 'from' ? from : to)}
              onChange={(e) =>
                pick({ [which]: e.target.value === 'draft' ? 'draft' : Number(e.target.value) })
              }
              aria-label={`Compare ${which}`}
            >
              {options.map((o) => (
                <option key={String(o)} value={String(o)}>
                  {label(o)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {error && <div className="banner banner--error">{error}</div>}
      <div className="diff-legend">
        <span className="swatch swatch--added" /> added <span className="swatch swatch--removed" /> removed{' '}
        <span className="swatch swatch--changed" /> changed <span className="swatch swatch--moved" /> moved
        only
      </div>
      {pair && (
        <>
          <h4>What changed ({semantic.length})</h4>
          {semantic.length === 0 && !segmentChanges?.length && (
            <p className="muted">No change in behaviour.</p>
          )}
          <ul className="diff-summary" data-testid="diff-summary">
            {semantic.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: changes have no id
              <li key={i} className={`diff-summary__item is-${c.kind}`}>
                {changeSummary(c, pair.a, pair.b, outputsOf)}
              </li>
            ))}
          </ul>
          <SegmentChanges changes={segmentChanges} />
          {overlay && overlay.moved.length > 0 && (
            <>
              <h4 className="muted">Layout only ({overlay.moved.length})</h4>
              <ul className="diff-summary diff-summary--layout" data-testid="diff-layout">
                {overlay.moved.map((c) => (
                  <li key={c.nodeId}>{c.summary}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
  const canvasOverlay =
    mode === 'json' && json ? (
      <div className="op-cover">
        <JsonDiff original={json.a} modified={json.b} />
      </div>
    ) : (
      <NodeAnnotations items={notes} />
    );
  return (
    <OperateShell
      data={data}
      graph={overlay?.graph ?? workflow.draft}
      tab="compare"
      decorations={overlay?.decorations ?? null}
      aside={aside}
      canvasOverlay={canvasOverlay}
    />
  );
}
