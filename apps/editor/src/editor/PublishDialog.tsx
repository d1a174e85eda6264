import type { AlreadyInSegment, VersionSummary } from '@crossroads/api';
import type { Problem } from '@crossroads/graph-schema';
import { hasErrors } from '@crossroads/graph-schema';
import { Rocket } from 'lucide-react';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useSession } from '../app/session.js';
import { PENDING_GATE, PublishTestGate, type TestGate } from '../operate/simulate/PublishTestGate.js';
import { alsoEnrolLabel } from '../operate/versions/alsoEnrolLabel.js';
import { PostalAddressNotice } from '../settings/PostalAddressNotice.js';
import { useEditor } from '../store/context.js';
import { focusOnMount } from '../ui/focusOnMount.js';
import { ModalForm } from '../ui/ModalForm.js';
import { useServices } from './services.js';

/**
 * Publishes the draft as a new immutable version, with a required message; "Publish and go live"
 * activates it in the same step (two audit entries, one dialog).
 */
export function PublishDialog({
  workflowId,
  liveVersion,
  onClose,
  onPublished,
}: {
  workflowId: string;
  /** The version live now, if any: going live replaces it for new contacts. */
  liveVersion: number | null;
  onClose(): void;
  onPublished(v: VersionSummary): void;
}) {
  const { api } = useSession();
  const { saveNow } = useServices();
  const problems = useEditor((s) => s.problems);
  const graph = useEditor((s) => s.graph);
  const [message, setMessage] = useState('');
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const blocked = hasErrors(problems);
  // Saved simulation test cases re-run here; failures block unless overridden with a reason.
  const [tests, setTests] = useState<TestGate>(PENDING_GATE);
  // A journey that starts on a segment: offer its current members with "Publish and go live".
  const [already, setAlready] = useState<AlreadyInSegment | null>(null);
  const [enrolExisting, setEnrolExisting] = useState(false);
  useEffect(() => {
    let current = true;
    saveNow()
      .then(() => api.draftAlreadyInSegment(workflowId))
      .then((count) => current && setAlready(count))
      // Without the count the option is not offered; publishing still works.
      .catch(() => current && setAlready(null));
    return () => {
      current = false;
    };
  }, [api, workflowId, saveNow]);
  const publish = async (activate: boolean) => {
    await saveNow();
    onPublished(
      await api.publish(workflowId, message.trim(), {
        ...(activate && { activate: true }),
        ...(activate && enrolExisting && { enrolExisting: true }),
        ...(tests.override && { override: tests.override }),
      }),
    );
  };

  return (
    <ModalForm
      id="publish"
      title={
        <>
          <Rocket size={18} /> Publish a new version
        </>
      }
      canSubmit={!blocked && message.trim().length > 0 && tests.ready}
      submitLabel="Publish"
      busyLabel="Publishing…"
      submitTestId="publish-only"
      onSubmit={() => publish(false)}
      altSubmit={{
        label: 'Publish and go live',
        busyLabel: 'Publishing…',
        testId: 'publish-and-go-live',
        onSubmit: () => publish(true),
      }}
      onError={(e) => {
        if (e instanceof ApiError && e.problems.length > 0) setServerProblems(e.problems);
      }}
      onClose={onClose}
    >
      <p className="muted">
        Versions never change once published. Contacts already in a journey stay on their version.{' '}
        {liveVersion === null
          ? '“Publish and go live” starts the journey for new contacts at once.'
          : `“Publish and go live” replaces v${liveVersion} for new contacts at once; “Publish” leaves v${liveVersion} live until you activate the new version.`}
      </p>
      <PostalAddressNotice graph={graph} />
      {blocked ? (
        <div className="banner banner--error">Fix the errors listed under the canvas before publishing.</div>
      ) : (
        <label className="field">
          <span className="field__label">What changed?</span>
          <textarea
            ref={focusOnMount}
            rows={3}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            placeholder="e.g. Wait 3 days instead of 2 before the follow-up"
            aria-label="Publish message"
          />
        </label>
      )}
      {!blocked && already && already.segments.length > 0 && (
        <label className="activate-existing">
          <input
            type="checkbox"
            checked={enrolExisting}
            disabled={already.contacts === 0}
            onChange={(e) => setEnrolExisting(e.target.checked)}
            data-testid="publish-enrol-existing"
          />
          <span data-testid="publish-enrol-existing-label">
            {alsoEnrolLabel(already)}
            {already.contacts > 0 && ' (with “Publish and go live”)'}
          </span>
        </label>
      )}
      {!blocked && <PublishTestGate workflowId={workflowId} onChange={setTests} />}
      {serverProblems.length > 0 && (
        <ul className="server-problems">
          {serverProblems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
            <li key={i} className={`is-${p.severity ?? 'error'}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </ModalForm>
  );
}
