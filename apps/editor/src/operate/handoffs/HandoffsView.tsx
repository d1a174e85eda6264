import type { HandoffEntry } from '@crossroads/api';
import { Handshake, RefreshCw, RotateCcw } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useStepNames } from '../shell/useStepNames.js';
import { useWorkspaceApi } from '../shell/workspaceApi.js';
import { canRetry, HANDOFF_STATES, handoffOwner, handoffStateLabel } from './handoffStates.js';

const PAGE = 50;

interface Filters {
  owner: string;
  state: string;
}

const fromUrl = (): Filters => {
  const p = new URLSearchParams(location.search);
  return { owner: p.get('owner') ?? '', state: p.get('state') ?? '' };
};

/** The sales handoff queue: filter by owner and state, retry a failed one (publishers). */
export function HandoffsView() {
  const api = useWorkspaceApi();
  const { canPublish } = useSession();
  const [filters, setFilters] = useState<Filters>(fromUrl);
  const [items, setItems] = useState<HandoffEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [owners, setOwners] = useState<Array<{ owner: string; count: number }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const query = useCallback(
    (before?: string) => ({
      limit: PAGE,
      ...(filters.owner ? { owner: filters.owner } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(before ? { before } : {}),
    }),
    [filters],
  );
  const load = useCallback(() => {
    setError(null);
    api.handoffs(query()).then(
      (r) => {
        setItems(r.items);
        setNext(r.next);
      },
      (e: unknown) => setError(messageOf(e)),
    );
    api.handoffOwners().then(
      (r) => setOwners(r.items),
      () => {},
    );
  }, [api, query]);
  useEffect(load, [load]);
  const more = () =>
    next &&
    api.handoffs(query(next)).then(
      (r) => {
        setItems((old) => [...(old ?? []), ...r.items]);
        setNext(r.next);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  const change = (patch: Partial<Filters>) => {
    const f = { ...filters, ...patch };
    setFilters(f);
    const p = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    history.replaceState(null, '', `/handoffs${p.size ? `?${p}` : ''}`);
  };
  const retry = async (h: HandoffEntry) => {
    setNotice(null);
    try {
      await api.retryHandoff(h.id);
      setNotice(`The handoff of ${h.contactId} is on its way again.`);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const pairs = useMemo(() => (items ?? []).map((h) => [h.workflowId, h.version] as const), [items]);
  const names = useStepNames(pairs);
  const filtered = filters.owner !== '' || filters.state !== '';

  return (
    <main className="page__body op-page ws-page" data-testid="handoffs-page">
      <div className="list-page__head">
        <div>
          <h1>Handoffs</h1>
          <p className="muted">
            Contacts the journeys handed to sales, who got them, and whether the CRM has them.
          </p>
        </div>
        <button type="button" className="btn" onClick={load}>
          <RefreshCw size={15} /> Refresh
        </button>
      </div>
      <div className="op-filters ws-filters">
        <label className="ws-field">
          <span>Owner</span>
          <select
            value={filters.owner}
            onChange={(e) => change({ owner: e.target.value })}
            data-testid="handoff-owner"
          >
            <option value="">Everyone</option>
            {owners.map((o) => (
              <option key={o.owner} value={o.owner}>
                {o.owner} ({o.count})
              </option>
            ))}
          </select>
        </label>
        <label className="ws-field">
          <span>State</span>
          <select
            value={filters.state}
            onChange={(e) => change({ state: e.target.value })}
            data-testid="handoff-state"
          >
            <option value="">Any</option>
            {Object.entries(HANDOFF_STATES).map(([state, { label, hint }]) => (
              <option key={state} value={state} title={hint}>
                {label}
              </option>
            ))}
          </select>
        </label>
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
        <div className="empty-state" data-testid="handoffs-empty">
          <Handshake size={32} />
          <h2>{filtered ? 'No handoff matches' : 'No handoffs yet'}</h2>
          <p className="muted">
            {filtered
              ? 'Choose another owner or state.'
              : "Handoffs appear here when a journey's sales handoff step hands a contact to sales."}
          </p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table op-table" data-testid="handoff-list">
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Owner</th>
              <th scope="col">Priority</th>
              <th scope="col">Note</th>
              <th scope="col">From</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              {canPublish && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr key={h.id} data-testid="handoff-row" data-state={h.state}>
                <td>
                  <Link href={paths.contact(h.contactId)}>{h.contactId}</Link>
                </td>
                <td>{handoffOwner(h)}</td>
                <td>{h.priority ?? '—'}</td>
                <td className="ws-note">
                  {h.note && !/\{\{|\{%/.test(h.note) ? (
                    h.note
                  ) : (
                    <span className="muted">Not rendered yet</span>
                  )}
                </td>
                <td title={`Step id: ${h.nodeId}`}>
                  {names.journey(h.workflowId)} · {names.step(h.workflowId, h.version, h.nodeId)}
                </td>
                <td>
                  <span className={`pill ws-state ws-state--${h.state}`}>{handoffStateLabel(h.state)}</span>
                  {h.lastError && h.state === 'dead' && <div className="muted op-small">{h.lastError}</div>}
                </td>
                <td className="muted nowrap">{formatWhen(h.createdAt)}</td>
                {canPublish && (
                  <td>
                    {canRetry(h.state) && (
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => void retry(h)}
                        data-testid="handoff-retry"
                      >
                        <RotateCcw size={14} /> Retry
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="btn" onClick={() => void more()}>
          Show more
        </button>
      )}
    </main>
  );
}
