import { Trash2, X } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../app/App.js';

/** Erasure is irreversible: the admin types the contact id to confirm. */
export function EraseDialog({
  contactId,
  onClose,
  onErase,
}: {
  contactId: string;
  onClose(): void;
  onErase(): Promise<void>;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="erase-title">
      <form
        className="modal__card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (typed !== contactId) return;
          setBusy(true);
          try {
            await onErase();
          } catch (err) {
            setError(messageOf(err));
            setBusy(false);
          }
        }}
      >
        <header className="modal__head">
          <h2 id="erase-title">
            <Trash2 size={18} /> Erase {contactId}
          </h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <X size={16} />
          </button>
        </header>
        <p>
          Deletes the contact, its events and messages; journeys end and the trace keeps only a pseudonym.
          This cannot be undone. Type <code>{contactId}</code> to confirm.
        </p>
        <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Confirm contact id" />
        {error && <div className="banner banner--error">{error}</div>}
        <footer className="modal__foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn--danger"
            disabled={typed !== contactId || busy}
            data-testid="confirm-erase"
          >
            {busy ? 'Erasing…' : 'Erase'}
          </button>
        </footer>
      </form>
    </div>
  );
}
