import { AlertCircle, Check, CloudUpload, History, KeyRound, Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useEditor } from '../store/context.js';
import { useCollab } from './collabContext.js';

/**
 * Next to the journey name: "Saved" only when the server holds exactly what this tab shows and
 * none of our changes was replaced since; otherwise what is going on.
 */
export function SaveStatus() {
  const save = useEditor((s) => s.save);
  const readOnly = useEditor((s) => s.readOnly);
  const replaced = useCollab((s) => s.replaced.length);
  if (readOnly) return null;
  const views: Record<typeof save.status, [ReactNode, string]> = {
    saved: [<Check key="i" size={13} />, 'Saved'],
    dirty: [<CloudUpload key="i" size={13} />, 'Unsaved changes'],
    saving: [<Loader2 key="i" size={13} className="spin" />, 'Saving…'],
    conflict: [<AlertCircle key="i" size={13} />, 'Not saved: changed elsewhere'],
    error: [<AlertCircle key="i" size={13} />, 'Not saved'],
    'signed-out': [<KeyRound key="i" size={13} />, 'Not saved: sign in again'],
  };
  const replacedView: [ReactNode, string] = [<History key="i" size={13} />, 'Your change was replaced'];
  const shownReplaced = save.status === 'saved' && replaced > 0;
  const [icon, text] = shownReplaced ? replacedView : views[save.status];
  return (
    <span
      className={`save-status is-${shownReplaced ? 'replaced' : save.status}`}
      title={save.message ?? ''}
      data-testid="save-status"
      data-status={save.status}
      role="status"
    >
      {icon} {text}
    </span>
  );
}
