import type { Problem } from '@crossroads/graph-schema';
import { hasErrors } from '@crossroads/graph-schema';
import { Rocket, X } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import type { VersionSummary } from '../api/types.js';
import { messageOf } from '../app/App.js';
import { useSession } from '../app/session.js';
import { PENDING_GATE, PublishTestGate, type TestGate } from '../operate/simulate/PublishTestGate.js';
import { useEditor } from '../store/context.js';
import { focusOnMount } from '../ui/focusOnMount.js';
import { useServices } from './services.js';

/** Publishes the draft as a new immutable version, with a required message. */
export function PublishDialog({
  workflowId,
  onClose,
  onPublished,
}: {
  workflowId: string;
  onClose(): void;
  onPublished(v: VersionSummary): void;
}) {
  const { api } = useSession();
  const { saveNow } = useServices();
  const problems = useEditor((s) => s.problems);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const blocked = hasErrors(problems);
  // Saved simulation test cases re-run here; failures block unless overridden with a reason.
  const [tests, setTests] = useState<TestGate>(PENDING_GATE);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await saveNow();
      await tests.beforePublish();
      const version = await api.publish(workflowId, message.trim());
      onPublished(version);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) setServerProblems(e.problems);
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="publish-title">
      <form
        className="modal__card"
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim() && !blocked && tests.ready) void publish();
        }}
      >
        <header className="modal__head">
          <h2 id="publish-title">
            <Rocket size={18} /> Publish a new version
          </h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <X size={16} />
          </button>
        </header>
        <p className="muted">
          Versions never change once published. Contacts already in a journey stay on their version.
        </p>
        {blocked ? (
          <div className="banner banner--error">
            Fix the errors listed under the canvas before publishing.
          </div>
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
        {!blocked && <PublishTestGate workflowId={workflowId} onChange={setTests} />}
        {error && <div className="banner banner--error">{error}</div>}
        {serverProblems.length > 0 && (
          <ul className="server-problems">
            {serverProblems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
              <li key={i} className={`is-${p.severity}`}>
                <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        )}
        <footer className="modal__foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn--primary"
            disabled={blocked || busy || !message.trim() || !tests.ready}
          >
            {busy ? 'Publishing…' : 'Publish'}
          </button>
        </footer>
      </form>
    </div>
  );
}
