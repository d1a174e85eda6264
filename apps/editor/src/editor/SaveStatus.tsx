import { AlertCircle, Check, CloudUpload, Loader2 } from 'lucide-react';
import { useEditor } from '../store/context.js';

/** "Saved", "Saving…", "Unsaved changes" or the error, next to the journey name. */
export function SaveStatus() {
  const save = useEditor((s) => s.save);
  const readOnly = useEditor((s) => s.readOnly);
  if (readOnly) return null;
  const view = {
    saved: [<Check key="i" size={13} />, 'Saved'],
    dirty: [<CloudUpload key="i" size={13} />, 'Unsaved changes'],
    saving: [<Loader2 key="i" size={13} className="spin" />, 'Saving…'],
    conflict: [<AlertCircle key="i" size={13} />, 'Changed elsewhere'],
    error: [<AlertCircle key="i" size={13} />, 'Not saved'],
  }[save.status];
  return (
    <span
      className={`save-status is-${save.status}`}
      title={save.message ?? ''}
      data-testid="save-status"
      data-status={save.status}
    >
      {view[0]} {view[1]}
    </span>
  );
}
