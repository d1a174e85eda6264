import type { AuditEntry, AuditVerification, WorkflowSummary } from '@crossroads/api';
import { Download, FileJson, Search } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from '../../app/router.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { ScrollablePre } from '../../ui/ScrollablePre.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { operatePaths } from '../shell/operatePaths.js';
import { ACTION_FILTERS, type AuditFilters, auditQuery, EMPTY_FILTERS, exportEntry } from './auditQuery.js';
import { ChainStatus } from './ChainStatus.js';
import { downloadBlob } from './download.js';

const PAGE = 100;

/**
 * The audit log: every entry as a sentence naming things by label, numbered in the order written,
 * the chain verified, filterable, paged with "Load more", exportable as CSV or JSON.
 */
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
  const [chain, setChain] = useState<AuditVerification | null>(null);

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
        const page = await api.audit(auditQuery(filters, { cursor: more, limit: PAGE }));
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

  /** Every page of the current filters (the export holds all of them, not the first page). */
  const everything = async () => {
    const all: AuditEntry[] = [];
    let next: string | null = null;
    do {
      const page = await api.audit(auditQuery(filters, { limit: 10_000, cursor: next }));
      all.push(...page.items);
      next = page.nextCursor;
    } while (next);
    return all;
  };
  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      if (format === 'csv') {
        let csv = '';
        let next: string | null = null;
        do {
          const res = await api.raw('GET', `/audit?${auditQuery(filters, { format: 'csv', cursor: next })}`);
          const text = await res.text();
          csv += csv ? text.slice(text.indexOf('\r\n') + 2) : text;
          next = res.headers.get('x-next-cursor');
        } while (next);
        downloadBlob(new Blob([csv], { type: 'text/csv' }), `crossroads-audit-${stamp}.csv`);
      } else {
        const rows = (await everything()).map(exportEntry);
        const blob = new Blob([JSON.stringify(rows, null, 2)], { type: 'application/json' });
        downloadBlob(blob, `crossroads-audit-${stamp}.json`);
      }
    } catch (e) {
      setError(messageOf(e));
    }
  };
  // The API matches actors exactly ('ci deploy (3f2a9c1e)'): offer the ones seen so far.
  const [actors, setActors] = useState<string[]>([]);
  useEffect(() => {
    if (items) setActors((seen) => [...new Set([...seen, ...items.map((e) => e.actor)])].sort());
  }, [items]);
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Object.values(filters).some((v) => v !== '');
  const broken = chain?.firstBroken?.seq;

  return (
    <main className="page__body op-page" data-testid="audit-page">
      <div className="list-page__head">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Who published, activated, rolled back, edited, erased, and why. Entries are numbered in the order
            they were written and can never change.
          </p>
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
      <ChainStatus onVerified={setChain} />
      <form
        className="op-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(null);
        }}
      >
        <input
          placeholder="Who (as listed)"
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
        <select value={filters.action} onChange={(e) => set({ action: e.target.value })} aria-label="Action">
          <option value="">Everything</option>
          {ACTION_FILTERS.map(([label, action]) => (
            <option key={action} value={action}>
              {label}
            </option>
          ))}
        </select>
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
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What happened</th>
              <th scope="col">Journey</th>
              <th scope="col">Entry</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr
                key={e.id}
                data-action={e.action}
                data-seq={e.seq}
                className={`audit-row${broken === e.seq ? ' is-broken' : ''}`}
              >
                <td className="muted">{e.seq}</td>
                <td className="muted nowrap">{formatWhen(e.at)}</td>
                <td title={e.actor}>{e.who}</td>
                <td className="audit-row__sentence">{e.sentence}</td>
                <td>
                  {e.workflowId ? (
                    <Link href={operatePaths.versions(e.workflowId)} title={`Journey id ${e.workflowId}`}>
                      {e.workflowName ?? `journey ${e.workflowId.slice(0, 8)}`}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="audit-row__raw">
                  <details>
                    <summary>Raw entry</summary>
                    <ScrollablePre>{JSON.stringify(exportEntry(e), null, 1)}</ScrollablePre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items?.length === 0 && <p className="muted">No entries match these filters.</p>}
      {items && items.length > 0 && (
        <p className="muted" data-testid="audit-count">
          {cursor
            ? `Showing the newest ${items.length} entries.`
            : filtered
              ? `All ${items.length} matching entries shown.`
              : `All ${items.length} entries shown${chain?.ok && chain.entries === items.length ? ': the whole log, its chain verified' : ''}.`}
        </p>
      )}
      {cursor && (
        <button type="button" className="btn" onClick={() => void load(cursor)} data-testid="load-more">
          Load more
        </button>
      )}
    </main>
  );
}
