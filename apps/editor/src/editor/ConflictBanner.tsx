import { AlertCircle } from 'lucide-react';
import { useEditor } from '../store/context.js';

/** Shown when autosave hit a 409: the draft was saved elsewhere since we loaded it. */
export function ConflictBanner({ onTakeTheirs, onOverwrite }: { onTakeTheirs(): void; onOverwrite(): void }) {
  const save = useEditor((s) => s.save);
  if (save.status === 'error') {
    return (
      <div className="banner banner--warning banner--floating" role="status">
        <AlertCircle size={16} /> Your changes are not saved yet: {save.message}. They will be retried on your
        next edit, or press Ctrl+S.
      </div>
    );
  }
  if (save.status !== 'conflict') return null;
  return (
    <div className="banner banner--error banner--floating" role="alert" data-testid="conflict-banner">
      <AlertCircle size={16} />
      <span>
        <strong>This draft was changed somewhere else</strong> (another tab or a teammate). Autosave is
        paused.
      </span>
      <button type="button" className="btn btn--small" onClick={onTakeTheirs}>
        Load their version
      </button>
      <button type="button" className="btn btn--small btn--danger" onClick={onOverwrite}>
        Keep mine (overwrite)
      </button>
    </div>
  );
}
