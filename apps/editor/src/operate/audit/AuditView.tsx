import type { AuditEntry, WorkflowSummary } from '@crossroads/api';
import { Download, FileJson, Search } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from '../../app/router.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { operatePaths } from '../shell/operatePaths.js';
import { type AuditFilters, auditQuery, detailLine, EMPTY_FILTERS } from './auditQuery.js';
import { downloadBlob } from './download.js';

const ACTIONS = [
  'version.published',
  'workflow.activated',
  'workflow.paused',
  'workflow.*',
  'draft.saved',
  'test-cases.overridden',
  'contact.erased',
  'key.*',
  'segment.*',
  'suppression.*',
];

/** The audit log: who did what and when, filterable, exportable as CSV or JSON. */
export function AuditView() {
  const api = useOperateApi();
  const [filters, setFilters] = useState<AuditFilters>(() => ({
    ...EMPTY_FILTERS,
    workflowId: new URLSearchParams(location.search).get('workflowId') ?? '',
  }));
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.workflows().then(
      (r) => setWorkflows(r.items),
      () => {},
    );
  }, [api]);
  const load = useCallback(
    async (more: string | null) => {
      setError(null);
      try {
        const page = await api.audit(auditQuery(filters, { cursor: more, limit: 100 }));
        setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [api, filters],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once; later loads are on submit
  useEffect(() => void load(null), []);

  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      if (format === 'csv') {
        const res = await api.raw('GET', `/audit?${auditQuery(filters, { format: 'csv' })}`);
        downloadBlob(await res.blob(), `crossroads-audit-${stamp}.csv`);
      } else {
        const page = await api.audit(auditQuery(filters, { limit: 10_000 }));
        const blob = new Blob([JSON.stringify(page.items, null, 2)], { type: 'application/json' });
        downloadBlob(blob, `crossroads-audit-${stamp}.json`);
      }
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  // The API matches actors exactly ('ci deploy (3f2a9c1e)'): offer the ones seen so far.
  const [actors, setActors] = useState<string[]>([]);
  useEffect(() => {
    if (items) setActors((seen) => [...new Set([...seen, ...items.map((e) => e.actor)])].sort());
  }, [items]);
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <main className="page__body op-page" data-testid="audit-page">
      <div className="list-page__head">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Who published, activated, rolled back, erased — and why.</p>
        </div>
        <div className="op-row">
          <button type="button" className="btn" onClick={() => void exportAs('csv')} data-testid="export-csv">
            <Download size={15} /> CSV
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void exportAs('json')}
            data-testid="export-json"
          >
            <FileJson size={15} /> JSON
          </button>
        </div>
      </div>
      <form
        className="op-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(null);
        }}
      >
        <input
          placeholder="Actor (exact key name)"
          list="audit-actors"
          value={filters.actor}
          onChange={(e) => set({ actor: e.target.value })}
          aria-label="Actor"
        />
        <datalist id="audit-actors">
          {actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <input
          placeholder="Action (e.g. workflow.*)"
          list="audit-actions"
          value={filters.action}
          onChange={(e) => set({ action: e.target.value })}
          aria-label="Action"
        />
        <datalist id="audit-actions">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <select
          value={filters.workflowId}
          onChange={(e) => set({ workflowId: e.target.value })}
          aria-label="Journey"
        >
          <option value="">All journeys</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <input
          type="datetime-local"
          value={filters.from}
          onChange={(e) => set({ from: e.target.value })}
          aria-label="From"
        />
        <input
          type="datetime-local"
          value={filters.to}
          onChange={(e) => set({ to: e.target.value })}
          aria-label="To"
        />
        <button type="submit" className="btn btn--primary">
          <Search size={15} /> Filter
        </button>
      </form>
      {error && <div className="banner banner--error">{error}</div>}
      {items && (
        <table className="table op-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Journey</th>
              <th>Subject</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td className="muted nowrap">{formatWhen(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.workflowId ? (
                    <Link href={operatePaths.versions(e.workflowId)}>
                      {names.get(e.workflowId) ?? e.workflowId.slice(0, 8)}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{e.subject ?? ''}</td>
                <td className="op-details">{detailLine(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items?.length === 0 && <p className="muted">No entries match these filters.</p>}
      {cursor && (
        <button type="button" className="btn" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </main>
  );
}
