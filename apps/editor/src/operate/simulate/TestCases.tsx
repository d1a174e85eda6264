import type { TestCase, TestCaseResult } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import type { SimulatedEvent } from '@crossroads/nodes';
import { CheckCircle2, FolderOpen, Play, Save, Trash2, XCircle } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import type { OperateApi } from '../api/operateApi.js';
import { caseWords, resultWords } from './caseWords.js';

/**
 * Saved test cases: contact + timeline + expected end step, re-run with one click; listed and
 * judged in the journey's words (contact by name, events as sentences, steps by label).
 */
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
  onOpen(tc: { contact: Record<string, unknown>; events: SimulatedEvent[] }): void;
}) {
  const { canEdit } = useSession();
  const [cases, setCases] = useState<TestCase[]>([]);
  const [results, setResults] = useState<Map<string, TestCaseResult>>(new Map());
  const [name, setName] = useState('');
  const [expected, setExpected] = useState(graph.nodes.at(-1)?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
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
          const words = caseWords(tc, label);
          return (
            <li key={tc.id} className="test-case" data-testid="test-case">
              <div className="test-case__head">
                {r ? (
                  r.passed ? (
                    <CheckCircle2 size={14} className="is-pass" aria-label="Passed" />
                  ) : (
                    <XCircle size={14} className="is-fail" aria-label="Failed" />
                  )
                ) : null}
                <span className="test-case__name">{tc.name}</span>
                <button
                  type="button"
                  className="icon-btn"
                  title="Open in the simulator"
                  aria-label={`Open “${tc.name}” in the simulator`}
                  onClick={() => onOpen({ contact: tc.contact, events: tc.events })}
                >
                  <FolderOpen size={13} />
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="icon-btn"
                    title="Delete"
                    aria-label={`Delete “${tc.name}”`}
                    onClick={() =>
                      void api
                        .deleteTestCase(workflowId, tc.id)
                        .then(load, (e: unknown) => setError(messageOf(e)))
                    }
                  >
                    <Trash2 size={13} />
                  </button>
                )}
              </div>
              <div className="muted op-small" data-testid="test-case-words">
                {words.contact}; {words.expects}
                {words.events.length > 0 && (
                  <ol className="test-case__events">
                    {words.events.map((sentence, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: events may repeat
                      <li key={i}>{sentence}</li>
                    ))}
                  </ol>
                )}
              </div>
              {r && (
                <div
                  className={r.passed ? 'is-pass op-small' : 'is-fail op-small'}
                  data-testid="test-case-result"
                >
                  {resultWords(r, label)}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <div className="op-row">
          <label className="sr-only" htmlFor="sim-case-name">
            Test case name
          </label>
          <input
            id="sim-case-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Name this case"
          />
          <label className="sr-only" htmlFor="sim-case-end">
            Expected end step
          </label>
          <select id="sim-case-end" value={expected} onChange={(e) => setExpected(e.target.value)}>
            {graph.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                ends at {n.label || n.type}
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
