import { AlertCircle, Check, CloudUpload, History, KeyRound, Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useEditor, useEditorStore } from '../store/context.js';
import { useCollab } from './collabContext.js';
import { useUnsavedDraftCount } from './fieldDrafts.js';

type ShownStatus = ReturnType<typeof useEditor<{ status: string }>>['status'] | 'invalid' | 'replaced';

/**
 * Next to the journey name: "Saved" only when the server holds exactly what this tab shows, none
 * of our changes was replaced since, and no field holds text it could not save (a rule that does
 * not parse); otherwise what is going on.
 */
export function SaveStatus() {
  const save = useEditor((s) => s.save);
  const readOnly = useEditor((s) => s.readOnly);
  const replaced = useCollab((s) => s.replaced.length);
  const unsaved = useUnsavedDraftCount(useEditorStore());
  if (readOnly) return null;
  const views: Record<string, [ReactNode, string]> = {
    saved: [<Check key="i" size={13} />, 'Saved'],
    dirty: [<CloudUpload key="i" size={13} />, 'Unsaved changes'],
    saving: [<Loader2 key="i" size={13} className="spin" />, 'Saving…'],
    conflict: [<AlertCircle key="i" size={13} />, 'Not saved: changed elsewhere'],
    error: [<AlertCircle key="i" size={13} />, 'Not saved'],
    'signed-out': [<KeyRound key="i" size={13} />, 'Not saved: sign in again'],
    invalid: [
      <AlertCircle key="i" size={13} />,
      unsaved === 1 ? 'Not saved: fix the rule' : `Not saved: fix ${unsaved} fields`,
    ],
    replaced: [<History key="i" size={13} />, 'Your change was replaced'],
  };
  const status: ShownStatus =
    unsaved > 0 && save.status !== 'conflict' && save.status !== 'signed-out'
      ? 'invalid'
      : save.status === 'saved' && replaced > 0
        ? 'replaced'
        : save.status;
  const [icon, text] = views[status] ?? views.error!;
  const title =
    status === 'invalid'
      ? 'A field holds text that is not valid, so it was not saved (see the problems bar)'
      : (save.message ?? '');
  return (
    <span
      className={`save-status is-${status === 'invalid' ? 'error' : status}`}
      title={title}
      data-testid="save-status"
      data-status={status === 'replaced' ? save.status : status}
      role="status"
    >
      {icon} {text}
    </span>
  );
}
