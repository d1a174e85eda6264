import type { Graph, NodeRegistry } from '@crossroads/graph-schema';
import { branchLabel, type SimulatedEffect } from '@crossroads/nodes';
import { useEffect, useState } from 'react';
import { ScrollablePre } from '../../ui/ScrollablePre.js';
import type { OperateApi } from '../api/operateApi.js';
import type { SimulationRun } from './runSimulation.js';

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—';

/** The simulation's outcome, path, waits and effects (emails rendered, handoff payloads). */
export function ResultPanel({
  api,
  run,
  graph,
  registry,
  endNodeId,
  contactText,
}: {
  api: OperateApi;
  run: SimulationRun;
  graph: Graph;
  /** Names the branches taken by their labels. */
  registry: Pick<NodeRegistry, 'get'>;
  endNodeId: string | null;
  contactText: string;
}) {
  const { result } = run;
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <div className="sim-result" data-testid="simulation-result">
      <p>
        <span className={`pill pill--outcome-${result.outcome}`} data-testid="sim-outcome">
          {result.outcome}
        </span>{' '}
        ended at <b data-testid="sim-end">{endNodeId ? label(endNodeId) : '—'}</b>{' '}
        <span className="muted op-small">(ran in the {run.ranOn === 'server' ? 'runtime' : 'browser'})</span>
      </p>
      {result.error && <div className="banner banner--error">{result.error}</div>}
      <ol className="sim-path">
        {result.path.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps may repeat a node
          <li key={i}>
            <span className="muted">{when(s.at)}</span> <b>{label(s.nodeId)}</b>
            {s.output ? (
              <>
                {' '}
                → <span title={s.output}>{branchLabel(graph, s.nodeId, s.output, registry)}</span>
              </>
            ) : null}
            {s.reason?.summary && <div className="muted op-small">{s.reason.summary}</div>}
          </li>
        ))}
      </ol>
      {result.effects.length > 0 && <h4>Effects (nothing was sent)</h4>}
      {result.effects.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: effects have no id
        <EffectCard key={i} api={api} effect={e} contactText={contactText} label={label(e.nodeId)} />
      ))}
    </div>
  );
}

function EffectCard({
  api,
  effect,
  contactText,
  label,
}: {
  api: OperateApi;
  effect: SimulatedEffect;
  contactText: string;
  label: string;
}) {
  const e = effect.effect as Record<string, unknown>;
  const [rendered, setRendered] = useState<{ subject?: string; html?: string; text?: string } | null>(null);
  useEffect(() => {
    if (e.kind !== 'email') return;
    let contact: Record<string, unknown> = {};
    try {
      contact = JSON.parse(contactText) as Record<string, unknown>;
    } catch {}
    const template = {
      ...(typeof e.subject === 'string' && { subject: e.subject }),
      ...(typeof e.html === 'string' && { html: e.html }),
      ...(typeof e.text === 'string' && { text: e.text }),
    };
    api.preview(template, contact).then(setRendered, () => setRendered(null));
  }, [api, e, contactText]);
  if (e.kind === 'email') {
    return (
      <div className="sim-effect" data-testid="sim-effect-email">
        <div>
          ✉ <b>{rendered?.subject ?? String(e.subject)}</b>{' '}
          <span className="muted">
            · {label} · {when(effect.at)}
          </span>
        </div>
        {rendered?.html ? (
          <iframe className="sim-effect__frame" title="Email preview" sandbox="" srcDoc={rendered.html} />
        ) : (
          <ScrollablePre className="op-pre">{String(e.text ?? e.html ?? '')}</ScrollablePre>
        )}
      </div>
    );
  }
  return (
    <div className="sim-effect" data-testid={`sim-effect-${String(e.kind)}`}>
      <div>
        ⇢ <b>{String(e.kind)}</b>{' '}
        <span className="muted">
          · {label} · {when(effect.at)}
        </span>
      </div>
      <ScrollablePre className="op-pre">{JSON.stringify(e, null, 2)}</ScrollablePre>
    </div>
  );
}
