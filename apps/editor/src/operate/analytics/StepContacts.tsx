import type { ContactMatch } from '@crossroads/api';
import { ChevronLeft, ChevronRight, Users, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useWorkspaceApi } from '../shell/workspaceApi.js';
import '../shell/workspace.css';

const PAGE = 25;

/** "14:05" today, "7 Dec" before: the list is narrow; the full time is in the title. */
export function sinceShort(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString()
    ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** Who a contact is to ops staff: the email when there is one, else the id. */
export const contactName = (c: Pick<ContactMatch, 'id' | 'attributes'>) => {
  const email = c.attributes.email;
  return typeof email === 'string' && email ? email : c.id;
};

/**
 * The contacts a live journey holds at one step, 25 a page, each with its version and since
 * when it is there (`GET /v1/contacts?workflowId&nodeId`).
 */
export function StepContacts({
  workflowId,
  nodeId,
  label,
  version,
  onClose,
}: {
  workflowId: string;
  nodeId: string;
  label: string;
  /** Only contacts on this version; all versions when undefined. */
  version: number | undefined;
  onClose(): void;
}) {
  const api = useWorkspaceApi();
  // Cursors of the pages seen so far: going back needs no new kind of cursor.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<{ items: ContactMatch[]; next: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    let live = true;
    setPage(null);
    const query = {
      workflowId,
      nodeId,
      limit: PAGE,
      ...(version ? { version } : {}),
      ...(cursor ? { cursor } : {}),
    };
    api.contacts(query).then(
      (r) => live && setPage(r),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, workflowId, nodeId, version, cursor]);

  const items = page?.items ?? [];
  return (
    <section className="step-contacts" data-testid="step-contacts" aria-labelledby="step-contacts-title">
      <div className="op-panel__head">
        <h4 id="step-contacts-title">
          <Users size={14} /> At “{label}” now
        </h4>
        <button
          type="button"
          className="icon-btn"
          onClick={onClose}
          aria-label="Close the list"
          title="Close"
        >
          <X size={14} />
        </button>
      </div>
      {error && <div className="banner banner--error">{error}</div>}
      {!page && !error && <p className="muted">Loading…</p>}
      {page && items.length === 0 && cursors.length === 1 && (
        <p className="muted" data-testid="step-contacts-empty">
          Nobody is at this step now. Contacts appear here while a journey holds them at it (waiting, or about
          to run it).
        </p>
      )}
      {items.length > 0 && (
        <table className="table op-table step-contacts__table">
          <thead>
            <tr>
              <th scope="col">Contact</th>
              {version === undefined && <th scope="col">Version</th>}
              <th scope="col">Here since</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={`${c.id}:${c.journey?.enrollmentId}`} data-testid="step-contact">
                <td>
                  <Link href={paths.contact(c.id)}>{contactName(c)}</Link>
                </td>
                {version === undefined && <td>v{c.journey?.version}</td>}
                <td className="muted nowrap" title={c.journey ? formatWhen(c.journey.since) : ''}>
                  {c.journey ? sinceShort(c.journey.since) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(cursors.length > 1 || page?.next) && (
        <div className="op-row">
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
            disabled={!page?.next}
            onClick={() => page?.next && setCursors((c) => [...c, page.next])}
            data-testid="step-contacts-next"
          >
            Next <ChevronRight size={14} />
          </button>
        </div>
      )}
    </section>
  );
}
