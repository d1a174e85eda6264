import type { WorkflowSummary } from '@crossroads/api';
import { Check, Pencil, Plus, Workflow, X } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.js';
import { Link, navigate, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { messageOf } from '../ui/errorMessage.js';
import { formatWhen } from '../ui/formatWhen.js';
import '../operate/operate.css';
import { focusOnMount } from '../ui/focusOnMount.js';
import { StatusPill } from '../ui/StatusPill.js';
import { TopBar } from '../ui/TopBar.js';
import { newGraph } from './newGraph.js';

/** All journeys of the workspace: create, rename, open. */
export function WorkflowListPage() {
  const { api, canEdit } = useSession();
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    api
      .listWorkflows()
      .then(({ items }) => setItems(items))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [api]);
  useEffect(load, [load]);

  return (
    <div className="page">
      <TopBar>
        <OperateNav current="list" />
      </TopBar>
      <main className="page__body list-page">
        <div className="list-page__head">
          <div>
            <h1>Journeys</h1>
            <p className="muted">Every automated path a contact can take, from first visit to hand-off.</p>
          </div>
          {canEdit && (
            <button className="btn btn--primary" type="button" onClick={() => setCreating(true)}>
              <Plus size={16} /> New journey
            </button>
          )}
        </div>
        {creating && <CreateForm onDone={() => setCreating(false)} />}
        {error && <div className="banner banner--error">{error}</div>}
        {items === null && !error && <div className="skeleton-list" aria-busy="true" />}
        {items?.length === 0 && (
          <div className="empty-state">
            <Workflow size={32} />
            <h2>No journeys yet</h2>
            <p className="muted">Create one to start from a trigger.</p>
          </div>
        )}
        {items && items.length > 0 && (
          <table className="table" data-testid="workflow-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Latest version</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((wf) => (
                <Row key={wf.id} wf={wf} canEdit={canEdit} onRenamed={load} />
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}

function Row({ wf, canEdit, onRenamed }: { wf: WorkflowSummary; canEdit: boolean; onRenamed(): void }) {
  const { api } = useSession();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(wf.name);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await renameWorkflow(api, wf.id, name.trim());
      setEditing(false);
      onRenamed();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <tr>
      <td>
        {editing ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) void save();
            }}
          >
            <input
              ref={focusOnMount}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label="Journey name"
            />
            <button className="icon-btn" type="submit" title="Save name">
              <Check size={16} />
            </button>
            <button className="icon-btn" type="button" onClick={() => setEditing(false)} title="Cancel">
              <X size={16} />
            </button>
            {error && <span className="field__error">{error}</span>}
          </form>
        ) : (
          <span className="row-name">
            <Link href={paths.workflow(wf.id)} className="row-name__link">
              {wf.name}
            </Link>
            {canEdit && (
              <button
                className="icon-btn icon-btn--ghost"
                type="button"
                onClick={() => setEditing(true)}
                title="Rename"
              >
                <Pencil size={14} />
              </button>
            )}
          </span>
        )}
      </td>
      <td>
        <StatusPill status={wf.status} activeVersion={wf.activeVersion} />
      </td>
      <td>
        {wf.latestVersion ? (
          <Link href={paths.version(wf.id, wf.latestVersion)}>v{wf.latestVersion}</Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="muted">{formatWhen(wf.updatedAt)}</td>
    </tr>
  );
}

/** PATCH when the runtime supports it; otherwise rename through the draft's graph name. */
async function renameWorkflow(api: ReturnType<typeof useSession>['api'], id: string, name: string) {
  try {
    await api.rename(id, name);
  } catch (e) {
    if (!(e instanceof ApiError) || ![404, 405].includes(e.status)) throw e;
    const wf = await api.getWorkflow(id);
    await api.saveDraft(id, { ...wf.draft, name }, wf.draftRevision);
  }
}

function CreateForm({ onDone }: { onDone(): void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    try {
      const types = await api.nodeTypes().then(
        (r) => r.items,
        () => [],
      );
      const created = await api.createWorkflow(name.trim(), newGraph(name.trim(), types));
      navigate(paths.workflow(created.id));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <form
      className="create-card"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) void create();
      }}
    >
      <input
        ref={focusOnMount}
        placeholder="Journey name, e.g. Pricing page follow-up"
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-label="New journey name"
      />
      <button className="btn btn--primary" type="submit" disabled={!name.trim() || busy}>
        Create
      </button>
      <button className="btn" type="button" onClick={onDone}>
        Cancel
      </button>
      {error && <span className="field__error">{error}</span>}
    </form>
  );
}
