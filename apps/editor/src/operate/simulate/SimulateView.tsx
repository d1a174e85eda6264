import type { Graph } from '@crossroads/graph-schema';
import type { SimulatedEvent } from '@crossroads/nodes';
import { Play } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { NodeAnnotations } from '../../canvas/decorations/NodeAnnotations.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { OperateShell } from '../shell/OperateShell.js';
import type { WorkflowData } from '../shell/useWorkflowData.js';
import { AdvancedInput } from './AdvancedInput.js';
import { ContactForm } from './ContactForm.js';
import { ContactLoader } from './ContactLoader.js';
import { type ContactModel, contactModel, contactOf, contactSummary, sampleContact } from './contactForm.js';
import { outcomeNotes } from './outcomeNotes.js';
import { ResultPanel } from './ResultPanel.js';
import { runSimulation, type SimulationRun } from './runSimulation.js';
import { simOverlay } from './simOverlay.js';
import { TestCases } from './TestCases.js';
import { TimelineForm } from './TimelineForm.js';
import { eventsOfRows, rowsOfEvents, sampleEvents, type TimelineRow } from './timelineRows.js';
import './simulate.css';

/** Test a journey before it touches a real contact: a sample contact, a timeline, the lit path. */
export function SimulateView({ data }: { data: WorkflowData }) {
  const { workflow, versions } = data;
  const api = useOperateApi();
  const [target, setTarget] = useState<'draft' | number>('draft');
  const [graph, setGraph] = useState<Graph>(workflow.draft);
  const { dictionary } = data.env;
  // A first run walks the main path: a contact that passes the rules, the events the steps wait for.
  const [contactForm, setContactForm] = useState<ContactModel>(() =>
    contactModel(sampleContact(workflow.draft, dictionary), dictionary),
  );
  const [timeline, setTimeline] = useState<TimelineRow[]>(() => rowsOfEvents(sampleEvents(workflow.draft)));
  const [loaded, setLoaded] = useState<string | null>(null);
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

  const contact = useMemo(() => contactOf(contactForm), [contactForm]);
  const events = useMemo(() => {
    try {
      return eventsOfRows(timeline);
    } catch {
      return null;
    }
  }, [timeline]);
  const parsed = () => ({ contact, events: eventsOfRows(timeline) });
  const openInput = (input: { contact: Record<string, unknown>; events: SimulatedEvent[] }) => {
    setContactForm(contactModel(input.contact, dictionary));
    setTimeline(rowsOfEvents(input.events));
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
      <ContactLoader
        onLoad={(c) => {
          setContactForm(contactModel(c, dictionary));
          setLoaded(contactSummary(c));
        }}
      />
      {loaded && contactForm.id && (
        <p className="muted op-small" data-testid="contact-loaded">
          Loaded {loaded}; changes here stay in the simulation.
        </p>
      )}
      <ContactForm model={contactForm} dictionary={dictionary} onChange={setContactForm} />
      <h4>Timeline</h4>
      <TimelineForm rows={timeline} dictionary={dictionary} onChange={setTimeline} />
      <AdvancedInput
        contact={contact}
        events={events}
        onContact={(c) => setContactForm(contactModel(c, dictionary))}
        onEvents={(e) => setTimeline(rowsOfEvents(e))}
      />
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
          contactText={JSON.stringify(contact)}
        />
      )}
      <TestCases
        api={api}
        workflowId={workflow.id}
        graph={graph}
        version={target === 'draft' ? undefined : target}
        suggestedEnd={overlay?.endNodeId ?? null}
        current={() => parsed()}
        onOpen={openInput}
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
