import type { Graph } from '@crossroads/graph-schema';
import { Play, UserSearch } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { NodeAnnotations } from '../../canvas/decorations/NodeAnnotations.js';
import { CodeEditor } from '../../monaco/CodeEditor.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { OperateShell } from '../shell/OperateShell.js';
import type { WorkflowData } from '../shell/useWorkflowData.js';
import { outcomeNotes } from './outcomeNotes.js';
import { ResultPanel } from './ResultPanel.js';
import { runSimulation, type SimulationRun } from './runSimulation.js';
import { simOverlay } from './simOverlay.js';
import { TestCases } from './TestCases.js';
import { parseTimeline } from './timeline.js';

const SAMPLE_CONTACT = {
  id: 'sim-mara',
  email: 'mara@example.com',
  first_name: 'Mara',
  company: 'Brightside',
  lead_score: 92,
  industry: 'SaaS',
  region: 'emea',
};
const SAMPLE_TIMELINE = 'after 0: page.viewed {"page": "pricing"}\nafter 2h: email.opened';

/** Test a journey before it touches a real contact: a sample contact, a timeline, the lit path. */
export function SimulateView({ data }: { data: WorkflowData }) {
  const { workflow, versions } = data;
  const api = useOperateApi();
  const [target, setTarget] = useState<'draft' | number>('draft');
  const [graph, setGraph] = useState<Graph>(workflow.draft);
  const [contactText, setContactText] = useState(JSON.stringify(SAMPLE_CONTACT, null, 2));
  const [timeline, setTimeline] = useState(SAMPLE_TIMELINE);
  const [loadId, setLoadId] = useState('');
  const [run, setRun] = useState<SimulationRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setRun(null);
    if (target === 'draft') setGraph(workflow.draft);
    else
      api.version(workflow.id, target).then(
        (v) => setGraph(v.graph),
        (e: unknown) => setError(messageOf(e)),
      );
  }, [api, workflow, target]);

  const parsed = () => {
    let contact: Record<string, unknown>;
    try {
      contact = JSON.parse(contactText) as Record<string, unknown>;
    } catch {
      throw new Error('contact: not valid JSON');
    }
    if (!contact || typeof contact !== 'object' || Array.isArray(contact))
      throw new Error('contact: must be a JSON object');
    return { contact, events: parseTimeline(timeline) };
  };
  const simulate = async () => {
    setBusy(true);
    setError(null);
    try {
      const input = parsed();
      setRun(
        await runSimulation(api, workflow.id, {
          graph,
          ...input,
          ...(target !== 'draft' && { version: target }),
        }),
      );
    } catch (e) {
      setError(messageOf(e));
      setRun(null);
    } finally {
      setBusy(false);
    }
  };
  const loadContact = async () => {
    try {
      const c = await api.contact(loadId.trim());
      setContactText(JSON.stringify({ id: c.id, ...c.attributes }, null, 2));
    } catch (e) {
      setError(`contact ${loadId}: ${messageOf(e)}`);
    }
  };

  const registry = data.env.catalog.registry;
  const overlay = useMemo(
    () => (run ? simOverlay(graph, run.result, registry) : null),
    [graph, run, registry],
  );
  const notes = useMemo(() => (overlay ? outcomeNotes(overlay.outcomes) : []), [overlay]);
  const aside = (
    <div className="op-panel" data-testid="simulate-panel">
      <div className="op-panel__head">
        <h3>Simulate</h3>
        <select
          value={String(target)}
          onChange={(e) => setTarget(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
          aria-label="Simulate against"
        >
          <option value="draft">Draft</option>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
              {v.active ? ' (active)' : ''}
            </option>
          ))}
        </select>
      </div>
      <p className="muted op-small">Nothing is sent or written: the same executors run on a virtual clock.</p>
      <h4>Contact</h4>
      <div className="op-row">
        <input
          value={loadId}
          onChange={(e) => setLoadId(e.target.value)}
          placeholder="Load an existing contact id"
          aria-label="Contact id to load"
        />
        <button
          type="button"
          className="btn btn--small"
          disabled={!loadId.trim()}
          onClick={() => void loadContact()}
        >
          <UserSearch size={13} /> Load
        </button>
      </div>
      <CodeEditor
        value={contactText}
        language="json"
        onChange={setContactText}
        path="inmemory://simulate/contact.json"
        height={170}
      />
      <h4>Timeline</h4>
      <textarea
        className="op-timeline"
        rows={4}
        value={timeline}
        onChange={(e) => setTimeline(e.target.value)}
        spellCheck={false}
        aria-label="Timeline"
        data-testid="timeline"
      />
      <p className="muted op-small">
        One event per line: after 2h: email.opened — times: 0, 30m, 2h, 1d 3h; JSON properties optional.
      </p>
      <button
        type="button"
        className="btn btn--primary btn--block"
        onClick={() => void simulate()}
        disabled={busy}
        data-testid="run-simulation"
      >
        <Play size={15} /> {busy ? 'Running…' : 'Run simulation'}
      </button>
      {error && (
        <div className="banner banner--error" data-testid="simulate-error">
          {error}
        </div>
      )}
      {run && overlay && (
        <ResultPanel
          api={api}
          run={run}
          graph={graph}
          registry={registry}
          endNodeId={overlay.endNodeId}
          contactText={contactText}
        />
      )}
      <TestCases
        api={api}
        workflowId={workflow.id}
        graph={graph}
        version={target === 'draft' ? undefined : target}
        suggestedEnd={overlay?.endNodeId ?? null}
        current={() => parsed()}
        onOpen={(tc) => {
          setContactText(JSON.stringify(tc.contact, null, 2));
          setTimeline(tc.timeline);
        }}
      />
    </div>
  );
  return (
    <OperateShell
      data={data}
      graph={graph}
      tab="simulate"
      decorations={overlay?.decorations ?? null}
      aside={aside}
      canvasOverlay={<NodeAnnotations items={notes} />}
    />
  );
}
