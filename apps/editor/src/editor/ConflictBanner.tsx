import { AlertCircle, History, RotateCcw, Undo2 } from 'lucide-react';
import { useState } from 'react';
import { useEditor } from '../store/context.js';
import { messageOf } from '../ui/errorMessage.js';
import { clock, personName, possessive, useCollab, useCollabContext } from './collabContext.js';
import './collab.css';

/**
 * What this tab must tell its user about the draft, above the canvas: a change of theirs that
 * someone replaced (with a way to put it back), conflicts left for later, a draft that moved on
 * too far to merge, edits restored from this browser, a save that failed. The key-revoked banner
 * is the app's (every page needs it); the save status says the rest.
 */
export function ConflictBanner() {
  const context = useCollabContext();
  const save = useEditor((s) => s.save);
  const replaced = useCollab((s) => s.replaced);
  const conflicts = useCollab((s) => s.conflicts);
  const conflictsOpen = useCollab((s) => s.conflictsOpen);
  const unmergeable = useCollab((s) => s.unmergeable);
  const restoredAt = useCollab((s) => s.restoredAt);
  const [failure, setFailure] = useState<string | null>(null);
  if (!context) return null;
  const { autosave, me } = context;
  const act = (action: () => Promise<void>) => () => {
    setFailure(null);
    action().catch((error: unknown) => setFailure(messageOf(error)));
  };

  return (
    <div className="collab-banners" data-testid="collab-banners">
      {replaced.map((notice) => {
        const name = personName(notice.by, me);
        return (
          <div className="banner banner--warning" role="alert" key={notice.id} data-testid="replaced-banner">
            <History size={16} aria-hidden="true" />
            <span>
              Your change to {notice.label} was replaced by {possessive(name)} at {clock(notice.by.at)}.
            </span>
            <button
              type="button"
              className="btn btn--small"
              onClick={act(() => autosave.reapply(notice))}
              data-testid="reapply"
            >
              <Undo2 size={14} aria-hidden="true" /> Put mine back
            </button>
            <button type="button" className="link-btn" onClick={() => autosave.dismiss(notice.id)}>
              Dismiss
            </button>
          </div>
        );
      })}
      {save.status === 'conflict' && conflicts && !conflictsOpen && (
        <div className="banner banner--error" role="alert" data-testid="conflict-banner">
          <AlertCircle size={16} aria-hidden="true" />
          <span>
            <strong>Not saved:</strong> you and {personName(conflicts[0]?.theirsBy ?? null, me)} changed the
            same {conflicts.length === 1 ? 'thing' : `${conflicts.length} things`}.
          </span>
          <button
            type="button"
            className="btn btn--small btn--primary"
            onClick={() => autosave.collab.setState({ conflictsOpen: true })}
          >
            Choose what to keep
          </button>
        </div>
      )}
      {save.status === 'conflict' && unmergeable && (
        <div className="banner banner--error" role="alert" data-testid="conflict-banner">
          <AlertCircle size={16} aria-hidden="true" />
          <span>
            <strong>This draft changed a lot since you opened it</strong>, too much to merge your edits
            automatically. Autosave is paused.
          </span>
          <button type="button" className="btn btn--small" onClick={act(() => autosave.takeTheirs())}>
            Load their version (drop my edits)
          </button>
          <button
            type="button"
            className="btn btn--small btn--danger"
            onClick={act(() => autosave.overwrite())}
            title="Where your draft differs from theirs, theirs is replaced; the people who made those changes are told"
          >
            Keep mine (replace theirs; they are told)
          </button>
        </div>
      )}
      {save.status === 'error' && (
        <div className="banner banner--warning" role="status">
          <AlertCircle size={16} aria-hidden="true" />
          <span>
            Your changes are not saved yet: {save.message}. Trying again in a few seconds; they are kept in
            this browser meanwhile.
          </span>
          <button type="button" className="btn btn--small" onClick={act(() => autosave.flush())}>
            <RotateCcw size={14} aria-hidden="true" /> Try now
          </button>
        </div>
      )}
      {restoredAt !== null && (
        <div className="banner banner--info" role="status" data-testid="restored-banner">
          <History size={16} aria-hidden="true" />
          <span>
            Your unsaved changes from {clock(new Date(restoredAt).toISOString())} were kept in this browser
            and have been put back{save.status === 'saved' ? ' and saved' : ''}.
          </span>
          <button
            type="button"
            className="link-btn"
            onClick={() => autosave.collab.setState({ restoredAt: null })}
          >
            Dismiss
          </button>
        </div>
      )}
      {failure && (
        <div className="banner banner--error" role="alert">
          <AlertCircle size={16} aria-hidden="true" />
          <span>{failure}</span>
        </div>
      )}
    </div>
  );
}
