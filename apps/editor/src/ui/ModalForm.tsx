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
  altSubmit,
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
  /** A second way to submit the same form, e.g. "Publish and go live" next to "Publish". */
  altSubmit?: { label: string; busyLabel: string; testId?: string; onSubmit(): Promise<void> };
}) {
  const [busy, setBusy] = useState<false | 'main' | 'alt'>(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (which: 'main' | 'alt') => {
    setBusy(which);
    setError(null);
    try {
      await (which === 'alt' && altSubmit ? altSubmit.onSubmit() : onSubmit());
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
          if (canSubmit && !busy) void submit('main');
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
          {altSubmit && (
            <button
              type="button"
              className="btn"
              disabled={!canSubmit || busy !== false}
              onClick={() => void submit('alt')}
              {...(altSubmit.testId ? { 'data-testid': altSubmit.testId } : {})}
            >
              {busy === 'alt' ? altSubmit.busyLabel : altSubmit.label}
            </button>
          )}
          <button
            type="submit"
            className={`btn ${submitClass}`}
            disabled={!canSubmit || busy !== false}
            {...(submitTestId ? { 'data-testid': submitTestId } : {})}
          >
            {busy === 'main' ? busyLabel : submitLabel}
          </button>
        </footer>
      </form>
    </div>
  );
}
