import { AlertCircle, Check, CloudUpload, Loader2 } from 'lucide-react';
import { useEditor, useEditorStore } from '../store/context.js';
import { useUnsavedDraftCount } from './fieldDrafts.js';

/**
 * "Saved", "Saving…", "Unsaved changes" or the error, next to the journey name. Text a field could
 * not save (a rule that does not parse) is never called saved.
 */
export function SaveStatus() {
  const save = useEditor((s) => s.save);
  const readOnly = useEditor((s) => s.readOnly);
  const unsaved = useUnsavedDraftCount(useEditorStore());
  if (readOnly) return null;
  const status = unsaved > 0 && save.status !== 'conflict' ? 'invalid' : save.status;
  const view = {
    saved: [<Check key="i" size={13} />, 'Saved'],
    dirty: [<CloudUpload key="i" size={13} />, 'Unsaved changes'],
    saving: [<Loader2 key="i" size={13} className="spin" />, 'Saving…'],
    conflict: [<AlertCircle key="i" size={13} />, 'Changed elsewhere'],
    error: [<AlertCircle key="i" size={13} />, 'Not saved'],
    invalid: [
      <AlertCircle key="i" size={13} />,
      unsaved === 1 ? 'Not saved: fix the rule' : `Not saved: fix ${unsaved} fields`,
    ],
  }[status];
  const title =
    status === 'invalid'
      ? 'A field holds text that is not valid, so it was not saved (see the problems bar)'
      : (save.message ?? '');
  return (
    <span
      className={`save-status is-${status === 'invalid' ? 'error' : status}`}
      title={title}
      data-testid="save-status"
      data-status={status}
    >
      {view[0]} {view[1]}
    </span>
  );
}
