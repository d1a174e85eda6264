import type { TestCaseResult } from '@crossroads/api';
import { CheckCircle2, FlaskConical, XCircle } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link } from '../../app/router.js';
import { useServices } from '../../editor/services.js';
import { useEditor } from '../../store/context.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { operatePaths } from '../shell/operatePaths.js';

/** What the publish dialog needs to know: may it publish, and with which override. */
export interface TestGate {
  ready: boolean;
  /** Failing cases and the publisher's reason: the publish request carries it and the runtime audits it. */
  override?: { reason: string } | undefined;
}

export const PENDING_GATE: TestGate = { ready: false };

/**
 * Re-runs the workflow's saved test cases against the draft when the publish dialog opens (the
 * runtime runs them again when it publishes and refuses a failure without an override). Failures
 * block publishing unless the publisher gives a reason, which goes to the audit log.
 */
export function PublishTestGate({
  workflowId,
  onChange,
}: {
  workflowId: string;
  onChange(gate: TestGate): void;
}) {
  const api = useOperateApi();
  const { saveNow } = useServices();
  const [results, setResults] = useState<TestCaseResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    let live = true;
    (async () => {
      await saveNow();
      const run = await api.runTestCases(workflowId);
      if (live) setResults(run.results);
    })().catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [api, saveNow, workflowId]);

  const failed = useMemo(() => results?.filter((r) => !r.passed) ?? [], [results]);
  useEffect(() => {
    if (error || (results && failed.length === 0)) onChange({ ready: true });
    else if (!results) onChange({ ready: false });
    else onChange({ ready: reason.trim().length > 0, override: { reason: reason.trim() } });
  }, [results, failed, error, reason, onChange]);

  if (error) return <div className="banner banner--warning">Could not run the test cases: {error}</div>;
  if (!results)
    return (
      <p className="muted" aria-busy="true" data-testid="tests-running">
        <FlaskConical size={14} /> Running the saved test cases against the draft…
      </p>
    );
  if (results.length === 0) return null;
  if (failed.length === 0)
    return (
      <p className="test-gate is-pass" data-testid="tests-passed">
        <CheckCircle2 size={14} /> All {results.length} test cases pass.
      </p>
    );
  return (
    <div className="banner banner--error test-gate" data-testid="tests-failed">
      <strong>
        <XCircle size={14} /> {failed.length} of {results.length} test cases fail:
      </strong>
      <ul>
        {failed.map((f) => (
          <li key={f.id}>
            {f.name}: expected to end at <StepName id={f.expectedEnd} />, ended at{' '}
            {f.actualEnd ? <StepName id={f.actualEnd} /> : 'no step'}
          </li>
        ))}
      </ul>
      <Link href={operatePaths.simulate(workflowId)}>Open the simulator</Link>
      <label className="field">
        <span className="field__label">Publish anyway: why is this fine? (recorded in the audit log)</span>
        <textarea
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label="Override reason"
        />
      </label>
    </div>
  );
}

/** A step by the label its author typed (its id on hover). */
function StepName({ id }: { id: string }) {
  const label = useEditor((s) => s.graph.nodes.find((n) => n.id === id)?.label);
  return <span title={id}>‘{label || id}’</span>;
}
