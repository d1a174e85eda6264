import type { WorkflowSummary } from '@crossroads/api';
import { LayoutTemplate, Plus, Search, Workflow } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { navigate, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { useWorkspaceApi } from '../operate/shell/workspaceApi.js';
import { messageOf } from '../ui/errorMessage.js';
import '../operate/operate.css';
import '../operate/shell/workspace.css';
import { focusOnMount } from '../ui/focusOnMount.js';
import { ModalForm } from '../ui/ModalForm.js';
import { TopBar } from '../ui/TopBar.js';
import { JourneyRow } from './JourneyRow.js';
import { newGraph } from './newGraph.js';
import { TemplateDialog } from './TemplateDialog.js';

type Shown = 'exclude' | 'only';

/** All journeys of the workspace: search, create (blank or from a template), rename, duplicate, archive, delete. */
export function WorkflowListPage() {
  const { canEdit } = useSession();
  const api = useWorkspaceApi();
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [q, setQ] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [shown, setShown] = useState<Shown>(() =>
    new URLSearchParams(location.search).get('archived') === 'only' ? 'only' : 'exclude',
  );
  const [creating, setCreating] = useState<'blank' | 'template' | null>(null);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);

  const load = useCallback(() => {
    api.workflows({ ...(q.trim() ? { q: q.trim() } : {}), archived: shown }).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
    const p = new URLSearchParams({
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(shown === 'only' ? { archived: 'only' } : {}),
    });
    history.replaceState(null, '', `/${p.size ? `?${p}` : ''}`);
  }, [api, q, shown]);
  useEffect(() => {
    const timer = setTimeout(load, 150);
    return () => clearTimeout(timer);
  }, [load]);
  const changed = (message?: string) => {
    setNotice(message ?? null);
    load();
  };

  return (
    <div className="page">
      <TopBar>
        <OperateNav current="list" />
      </TopBar>
      <main className="page__body list-page ws-page">
        <div className="list-page__head">
          <div>
            <h1>Journeys</h1>
            <p className="muted">Every automated path a contact can take, from first visit to hand-off.</p>
          </div>
          {canEdit && (
            <div className="op-row">
              <button
                className="btn"
                type="button"
                onClick={() => setCreating('template')}
                data-testid="from-template"
              >
                <LayoutTemplate size={16} /> From a template
              </button>
              <button className="btn btn--primary" type="button" onClick={() => setCreating('blank')}>
                <Plus size={16} /> New journey
              </button>
            </div>
          )}
        </div>
        <div className="op-filters ws-filters">
          <label className="ws-field ws-field--wide ws-search">
            <span className="sr-only">Search journeys</span>
            <Search size={15} aria-hidden="true" />
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search journeys by name"
              data-testid="workflow-search"
            />
          </label>
          <fieldset className="op-seg" aria-label="Which journeys">
            <button
              type="button"
              className={shown === 'exclude' ? 'is-on' : ''}
              aria-pressed={shown === 'exclude'}
              onClick={() => setShown('exclude')}
            >
              In use
            </button>
            <button
              type="button"
              className={shown === 'only' ? 'is-on' : ''}
              aria-pressed={shown === 'only'}
              onClick={() => setShown('only')}
              data-testid="show-archived"
            >
              Archived
            </button>
          </fieldset>
        </div>
        {notice && (
          <div className="banner banner--success" role="status">
            {notice}
          </div>
        )}
        {error && (
          <div className="banner banner--error" role="alert">
            {error}
          </div>
        )}
        {items === null && !error && <div className="skeleton-list" aria-busy="true" />}
        {items?.length === 0 && (
          <div className="empty-state" data-testid="workflow-empty">
            <Workflow size={32} />
            <h2>
              {q.trim()
                ? `No journey is named like “${q.trim()}”`
                : shown === 'only'
                  ? 'Nothing archived'
                  : 'No journeys yet'}
            </h2>
            <p className="muted">
              {q.trim()
                ? 'Check the spelling, or search the archived ones.'
                : shown === 'only'
                  ? 'Archived journeys keep their versions and traces; archive one from the list to see it here.'
                  : 'Start from a template, or create one from a trigger.'}
            </p>
          </div>
        )}
        {items && items.length > 0 && (
          <table className="table" data-testid="workflow-list">
            <caption className="ws-caption">
              {items.length} {shown === 'only' ? 'archived ' : ''}journey{items.length === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Latest version</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((wf) => (
                <JourneyRow key={wf.id} wf={wf} api={api} onChanged={changed} onDelete={setDeleting} />
              ))}
            </tbody>
          </table>
        )}
      </main>
      {creating === 'blank' && <CreateDialog onClose={() => setCreating(null)} />}
      {creating === 'template' && <TemplateDialog onClose={() => setCreating(null)} />}
      {deleting && (
        <ModalForm
          id="delete-journey"
          title={`Delete “${deleting.name}”?`}
          canSubmit
          submitLabel="Delete journey"
          busyLabel="Deleting…"
          submitClass="btn--danger"
          submitTestId="workflow-delete-confirm"
          onClose={() => setDeleting(null)}
          onSubmit={async () => {
            await api.deleteWorkflow(deleting.id);
            setDeleting(null);
            changed(`Deleted “${deleting.name}”.`);
          }}
        >
          <p>It was never published, so nothing but its draft is lost. This cannot be undone.</p>
        </ModalForm>
      )}
    </div>
  );
}

function CreateDialog({ onClose }: { onClose(): void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  return (
    <ModalForm
      id="new-journey"
      title="New journey"
      canSubmit={name.trim() !== ''}
      submitLabel="Create"
      busyLabel="Creating…"
      onClose={onClose}
      onSubmit={async () => {
        const types = await api.nodeTypes().then(
          (r) => r.items,
          () => [],
        );
        const created = await api.createWorkflow(name.trim(), newGraph(name.trim(), types));
        navigate(paths.workflow(created.id));
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor="new-journey-name">
          Name
        </label>
        <input
          id="new-journey-name"
          aria-label="New journey name"
          ref={focusOnMount}
          placeholder="e.g. Pricing page follow-up"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
    </ModalForm>
  );
}
