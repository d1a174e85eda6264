import type { WorkflowSummary } from '@crossroads/api';
import { Archive, ArchiveRestore, Check, Copy, Pencil, Trash2, X } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import type { WorkspaceApi } from '../operate/shell/workspaceApi.js';
import { messageOf } from '../ui/errorMessage.js';
import { focusOnMount } from '../ui/focusOnMount.js';
import { formatWhen } from '../ui/formatWhen.js';
import { StatusPill } from '../ui/StatusPill.js';

/** One journey in the list: open, rename, duplicate, archive or unarchive, delete (never published). */
export function JourneyRow({
  wf,
  api,
  onChanged,
  onDelete,
}: {
  wf: WorkflowSummary;
  api: WorkspaceApi;
  onChanged(message?: string): void;
  onDelete(wf: WorkflowSummary): void;
}) {
  const { api: editorApi, canEdit, canPublish } = useSession();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(wf.name);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await what();
      onChanged(message);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const rename = async () => {
    try {
      await editorApi.rename(wf.id, name.trim());
    } catch (e) {
      // Older runtimes rename through the draft's graph name.
      if (!(e instanceof ApiError) || ![404, 405].includes(e.status)) throw e;
      const full = await editorApi.getWorkflow(wf.id);
      await editorApi.saveDraft(wf.id, { ...full.draft, name: name.trim() }, full.draftRevision);
    }
    setEditing(false);
  };
  const archived = wf.archivedAt !== null;
  return (
    <tr data-testid="workflow-row" data-name={wf.name}>
      <td>
        {editing ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) void act(rename, `Renamed to “${name.trim()}”.`);
            }}
          >
            <input
              ref={focusOnMount}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label="Journey name"
            />
            <button className="icon-btn" type="submit" title="Save name" aria-label="Save name">
              <Check size={16} />
            </button>
            <button
              className="icon-btn"
              type="button"
              onClick={() => setEditing(false)}
              title="Cancel"
              aria-label="Cancel"
            >
              <X size={16} />
            </button>
          </form>
        ) : (
          <Link href={paths.workflow(wf.id)} className="row-name__link">
            {wf.name}
          </Link>
        )}
        {error && (
          <div className="field__error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        {archived ? (
          <span className="pill ws-archived" title={`Archived ${formatWhen(wf.archivedAt ?? undefined)}`}>
            Archived
          </span>
        ) : (
          <StatusPill status={wf.status} activeVersion={wf.activeVersion} />
        )}
      </td>
      <td>
        {wf.latestVersion ? (
          <Link href={paths.version(wf.id, wf.latestVersion)}>v{wf.latestVersion}</Link>
        ) : (
          <span className="muted">Not published</span>
        )}
      </td>
      <td className="muted nowrap">{formatWhen(wf.updatedAt)}</td>
      <td className="ws-actions">
        {canEdit && !editing && !archived && (
          <button
            type="button"
            className="icon-btn icon-btn--ghost"
            onClick={() => setEditing(true)}
            aria-label={`Rename ${wf.name}`}
            title="Rename"
          >
            <Pencil size={14} />
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            className="icon-btn icon-btn--ghost"
            onClick={() => void act(() => api.duplicate(wf.id), `Duplicated “${wf.name}”.`)}
            aria-label={`Duplicate ${wf.name}`}
            title="Duplicate"
            data-testid="workflow-duplicate"
          >
            <Copy size={14} />
          </button>
        )}
        {canPublish &&
          (archived ? (
            <button
              type="button"
              className="icon-btn icon-btn--ghost"
              onClick={() =>
                void act(() => api.unarchive(wf.id), `“${wf.name}” is back in the list (paused).`)
              }
              aria-label={`Unarchive ${wf.name}`}
              title="Unarchive"
              data-testid="workflow-unarchive"
            >
              <ArchiveRestore size={14} />
            </button>
          ) : (
            <button
              type="button"
              className="icon-btn icon-btn--ghost"
              onClick={() =>
                void act(() => api.archive(wf.id), `Archived “${wf.name}”: it enrols nobody now.`)
              }
              aria-label={`Archive ${wf.name}`}
              title="Archive: stop enrolling, keep versions and traces"
              data-testid="workflow-archive"
            >
              <Archive size={14} />
            </button>
          ))}
        {canEdit && wf.latestVersion === null && (
          <button
            type="button"
            className="icon-btn icon-btn--ghost"
            onClick={() => onDelete(wf)}
            aria-label={`Delete ${wf.name}`}
            title="Delete (never published)"
            data-testid="workflow-delete"
          >
            <Trash2 size={14} />
          </button>
        )}
      </td>
    </tr>
  );
}
