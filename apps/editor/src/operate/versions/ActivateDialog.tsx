import { RotateCcw, X } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../app/App.js';
import { focusOnMount } from '../../ui/focusOnMount.js';
import type { OperateApi } from '../api/operateApi.js';
import type { VersionRow } from './versionRows.js';

/** Activates a version; a rollback (an older version) needs a reason, which goes to the audit log. */
export function ActivateDialog({
  api,
  workflowId,
  row,
  onClose,
  onDone,
}: {
  api: OperateApi;
  workflowId: string;
  row: VersionRow;
  onClose(): void;
  onDone(): void;
}) {
  const rollback = row.action === 'rollback';
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = !rollback || reason.trim().length > 0;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.activate(workflowId, row.version, reason.trim() || undefined);
      onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="activate-title">
      <form
        className="modal__card"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void submit();
        }}
      >
        <header className="modal__head">
          <h2 id="activate-title">
            <RotateCcw size={18} /> {rollback ? `Roll back to v${row.version}` : `Activate v${row.version}`}
          </h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <X size={16} />
          </button>
        </header>
        <p className="muted">
          New contacts enter v{row.version} from now on. Contacts already in the journey stay on the version
          they entered.
        </p>
        <label className="field">
          <span className="field__label">
            Reason
            {rollback ? <span className="field__required"> (required for a rollback)</span> : ' (optional)'}
          </span>
          <textarea
            ref={focusOnMount}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. v3 sends the case study to hot leads by mistake"
            aria-label="Reason"
          />
        </label>
        {error && <div className="banner banner--error">{error}</div>}
        <footer className="modal__foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn--primary"
            disabled={!ready || busy}
            data-testid="confirm-activate"
          >
            {busy ? 'Activating…' : rollback ? 'Roll back' : 'Activate'}
          </button>
        </footer>
      </form>
    </div>
  );
}
