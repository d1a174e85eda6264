import type { ContactMatch, Segment, WorkflowSummary } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { ChevronLeft, ChevronRight, Search, Upload, UserRound, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { contactName } from '../analytics/StepContacts.js';
import { stepLabel } from '../shell/labels.js';
import { useWorkspaceApi } from '../shell/workspaceApi.js';
import {
  ATTRIBUTE_OPS,
  type AttributeOp,
  type ContactFilters,
  contactQuery,
  EMPTY_FILTERS,
  filtersFromSearch,
  searchOfFilters,
} from './contactQuery.js';

const PAGE = 25;
const NAME_KEYS = ['first_name', 'last_name', 'name', 'company'];

const shown = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/**
 * The Contacts page: search by id or the start of an email, a segment, where a journey holds them
 * and one attribute condition; 25 a page with a stable cursor; the filters live in the URL.
 */
export function ContactSearchView() {
  const api = useWorkspaceApi();
  const { api: editorApi, me } = useSession();
  const [draft, setDraft] = useState<ContactFilters>(() => filtersFromSearch(location.search));
  const [filters, setFilters] = useState<ContactFilters>(draft);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<{ items: ContactMatch[]; next: string | null; scanned: number } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [attributes, setAttributes] = useState<string[]>([]);
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    editorApi.segments().then(
      (r) => setSegments(r.items),
      () => {},
    );
    api.workflows({ archived: 'include' }).then(
      (r) => setWorkflows(r.items),
      () => {},
    );
    editorApi.dataDictionary().then(
      (d) => setAttributes(d.contact.map((a) => a.key)),
      () => {},
    );
  }, [api, editorApi]);
  useEffect(() => {
    setGraph(null);
    if (draft.workflowId)
      editorApi.getWorkflow(draft.workflowId).then(
        (w) => setGraph(w.draft),
        () => {},
      );
  }, [editorApi, draft.workflowId]);
  useEffect(() => {
    let live = true;
    setError(null);
    api.contacts({ ...contactQuery(filters), limit: PAGE, ...(cursor ? { cursor } : {}) }).then(
      (r) => live && setPage(r),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, filters, cursor]);

  const apply = (next: ContactFilters) => {
    setDraft(next);
    setFilters(next);
    setCursors([null]);
    history.replaceState(null, '', `/contacts${searchOfFilters(next)}`);
  };
  const set = (patch: Partial<ContactFilters>) => setDraft((f) => ({ ...f, ...patch }));
  const filtered = useMemo(() => searchOfFilters(filters) !== '', [filters]);
  const columns = useMemo(() => {
    const seen = new Set(page?.items.flatMap((c) => Object.keys(c.attributes)) ?? []);
    return NAME_KEYS.filter((k) => seen.has(k)).slice(0, 2);
  }, [page]);

  return (
    <main className="page__body op-page ws-page" data-testid="contacts-page">
      <div className="list-page__head">
        <div>
          <h1>Contacts</h1>
          <p className="muted">
            Find anyone by email or id, by segment, by where a journey holds them, or by an attribute.
          </p>
        </div>
        {(me.role === 'admin' || me.role === 'ingest') && (
          <Link href={paths.import()} className="btn" data-testid="contacts-import">
            <Upload size={16} aria-hidden="true" /> Import contacts
          </Link>
        )}
      </div>
      <form
        className="op-filters ws-filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <label className="ws-field ws-field--wide">
          <span>Email or id</span>
          <input
            type="search"
            value={draft.q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="Start of an email, e.g. ana@, or an exact id"
            data-testid="contact-q"
          />
        </label>
        <label className="ws-field">
          <span>Segment</span>
          <select value={draft.segment} onChange={(e) => set({ segment: e.target.value })}>
            <option value="">Any</option>
            {segments.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="ws-field">
          <span>In journey</span>
          <select value={draft.workflowId} onChange={(e) => set({ workflowId: e.target.value, nodeId: '' })}>
            <option value="">Any (or none)</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label className="ws-field">
          <span>At step</span>
          <select
            value={draft.nodeId}
            onChange={(e) => set({ nodeId: e.target.value })}
            disabled={!draft.workflowId || !graph}
          >
            <option value="">Any step</option>
            {graph?.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {stepLabel(graph, n.id)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="ws-condition">
          <legend>Attribute</legend>
          <input
            list="contact-attributes"
            value={draft.attribute}
            onChange={(e) => set({ attribute: e.target.value })}
            placeholder="e.g. plan"
            aria-label="Attribute name"
          />
          <datalist id="contact-attributes">
            {attributes.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <select
            value={draft.op}
            onChange={(e) => set({ op: e.target.value as AttributeOp })}
            aria-label="Condition"
          >
            {Object.entries(ATTRIBUTE_OPS).map(([op, label]) => (
              <option key={op} value={op}>
                {label}
              </option>
            ))}
          </select>
          {draft.op !== 'set' && draft.op !== 'unset' && (
            <input
              value={draft.value}
              onChange={(e) => set({ value: e.target.value })}
              aria-label="Attribute value"
            />
          )}
        </fieldset>
        <div className="ws-buttons">
          <button type="submit" className="btn btn--primary" data-testid="contact-search">
            <Search size={15} /> Search
          </button>
          {filtered && (
            <button type="button" className="btn" onClick={() => apply(EMPTY_FILTERS)}>
              <X size={15} /> Clear
            </button>
          )}
        </div>
      </form>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      {!page && !error && <div className="skeleton-list" aria-busy="true" />}
      {page && page.items.length === 0 && cursors.length === 1 && (
        <div className="empty-state" data-testid="contacts-empty">
          <UserRound size={32} />
          <h2>{filtered ? 'No contact matches' : 'No contacts yet'}</h2>
          <p className="muted">
            {filtered
              ? 'Try the start of an email address instead of a whole one, another segment, or clear the filters.'
              : 'Contacts appear as your site and apps send events, or when you import them.'}
          </p>
        </div>
      )}
      {page && page.items.length > 0 && (
        <table className="table op-table" data-testid="contact-results">
          <caption className="ws-caption">
            {page.items.length} contact{page.items.length === 1 ? '' : 's'} on page {cursors.length}
            {page.next ? ' · more on the next page' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Contact</th>
              {columns.map((k) => (
                <th key={k} scope="col">
                  {k.replace(/_/g, ' ')}
                </th>
              ))}
              {filters.workflowId && <th scope="col">Where</th>}
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((c) => (
              <tr key={`${c.id}:${c.journey?.enrollmentId ?? ''}`} data-testid="contact-row">
                <td>
                  <Link href={paths.contact(c.id)}>{contactName(c)}</Link>
                  {contactName(c) !== c.id && <div className="muted op-small">{c.id}</div>}
                </td>
                {columns.map((k) => (
                  <td key={k}>{shown(c.attributes[k])}</td>
                ))}
                {filters.workflowId && (
                  <td>
                    {c.journey
                      ? `${stepLabel(graph ?? undefined, c.journey.nodeId)} · v${c.journey.version}`
                      : ''}
                    {c.journey && <div className="muted op-small">since {formatWhen(c.journey.since)}</div>}
                  </td>
                )}
                <td className="muted">{formatWhen(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (cursors.length > 1 || page.next) && (
        <nav className="op-row ws-pager" aria-label="Pages">
          <button
            type="button"
            className="btn btn--small"
            disabled={cursors.length === 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            <ChevronLeft size={14} /> Previous
          </button>
          <span className="muted op-small">Page {cursors.length}</span>
          <button
            type="button"
            className="btn btn--small"
            disabled={!page.next}
            onClick={() => page.next && setCursors((c) => [...c, page.next])}
            data-testid="contacts-next"
          >
            Next <ChevronRight size={14} />
          </button>
        </nav>
      )}
    </main>
  );
}
