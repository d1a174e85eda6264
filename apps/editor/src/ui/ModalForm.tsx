import { X } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { messageOf } from './errorMessage.js';

/**
 * A modal dialog around one form: title and close button, a body, Cancel and a submit button.
 * It owns the busy and error state: `onSubmit` resolves on success (the caller then closes the
 * dialog) or throws, and the error is shown in the dialog (`onError` sees it first).
 */
export function ModalForm({
  id,
  title,
  children,
  canSubmit,
  submitLabel,
  busyLabel,
  submitClass = 'btn--primary',
  submitTestId,
  onSubmit,
  onError,
  onClose,
}: {
  id: string;
  title: ReactNode;
  children: ReactNode;
  canSubmit: boolean;
  submitLabel: string;
  busyLabel: string;
  submitClass?: string;
  submitTestId?: string;
  onSubmit(): Promise<void>;
  onError?(error: unknown): void;
  onClose(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (e) {
      onError?.(e);
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`}>
      <form
        className="modal__card"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit && !busy) void submit();
        }}
      >
        <header className="modal__head">
          <h2 id={`${id}-title`}>{title}</h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            <X size={16} />
          </button>
        </header>
        {children}
        {error && <div className="banner banner--error">{error}</div>}
        <footer className="modal__foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`btn ${submitClass}`}
            disabled={!canSubmit || busy}
            {...(submitTestId ? { 'data-testid': submitTestId } : {})}
          >
            {busy ? busyLabel : submitLabel}
          </button>
        </footer>
      </form>
    </div>
  );
}
