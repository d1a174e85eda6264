import type { TestCase, TestCaseResult } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import type { SimulatedEvent } from '@crossroads/nodes';
import { CheckCircle2, FolderOpen, Play, Save, Trash2, XCircle } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import type { OperateApi } from '../api/operateApi.js';
import { formatTimeline } from './timeline.js';

/** Saved test cases: contact + timeline + expected end node, re-run with one click. */
export function TestCases({
  api,
  workflowId,
  graph,
  version,
  suggestedEnd,
  current,
  onOpen,
}: {
  api: OperateApi;
  workflowId: string;
  graph: Graph;
  version: number | undefined;
  /** Where the last simulation ended: the natural expectation for a new case. */
  suggestedEnd: string | null;
  current(): { contact: Record<string, unknown>; events: SimulatedEvent[] };
  onOpen(tc: { contact: Record<string, unknown>; timeline: string }): void;
}) {
  const { canEdit } = useSession();
  const [cases, setCases] = useState<TestCase[]>([]);
  const [results, setResults] = useState<Map<string, TestCaseResult>>(new Map());
  const [name, setName] = useState('');
  const [expected, setExpected] = useState(graph.nodes.at(-1)?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.testCases(workflowId).then(
      (r) => setCases(r.items),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api, workflowId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (suggestedEnd) setExpected(suggestedEnd);
  }, [suggestedEnd]);

  const runAll = async () => {
    setError(null);
    try {
      const r = await api.runTestCases(workflowId, version);
      setResults(new Map(r.results.map((x) => [x.id, x])));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const save = async () => {
    setError(null);
    try {
      const { contact, events } = current();
      await api.saveTestCase(workflowId, { name: name.trim(), contact, events, expectedEnd: expected });
      setName('');
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="test-cases" data-testid="test-cases">
      <div className="op-panel__head">
        <h4>Test cases ({cases.length})</h4>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => void runAll()}
          disabled={cases.length === 0}
          data-testid="run-tests"
        >
          <Play size={13} /> Run all
        </button>
      </div>
      <ul className="op-list">
        {cases.map((tc) => {
          const r = results.get(tc.id);
          return (
            <li key={tc.id} className="test-case" data-testid="test-case">
              {r ? (
                r.passed ? (
                  <CheckCircle2 size={14} className="is-pass" />
                ) : (
                  <XCircle size={14} className="is-fail" />
                )
              ) : null}
              <span className="test-case__name">{tc.name}</span>
              <span className="muted op-small">
                → {tc.expectedEnd}
                {r && !r.passed
                  ? ` (ended at ${r.actualEnd ?? 'nothing'}${r.error ? `: ${r.error}` : ''})`
                  : ''}
              </span>
              <button
                type="button"
                className="icon-btn"
                title="Open in the simulator"
                onClick={() => onOpen({ contact: tc.contact, timeline: formatTimeline(tc.events) })}
              >
                <FolderOpen size={13} />
              </button>
              {canEdit && (
                <button
                  type="button"
                  className="icon-btn"
                  title="Delete"
                  onClick={() =>
                    void api
                      .deleteTestCase(workflowId, tc.id)
                      .then(load, (e: unknown) => setError(messageOf(e)))
                  }
                >
                  <Trash2 size={13} />
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <div className="op-row">
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Name this case"
            aria-label="Test case name"
          />
          <select
            value={expected}
            onChange={(e) => setExpected(e.target.value)}
            aria-label="Expected end node"
          >
            {graph.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                ends at {n.label ?? n.id}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn--small"
            disabled={!name.trim() || !expected}
            onClick={() => void save()}
            data-testid="save-test"
          >
            <Save size={13} /> Save
          </button>
        </div>
      )}
      {error && <div className="banner banner--error">{error}</div>}
    </section>
  );
}
