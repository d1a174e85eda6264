import type { MessageEntry } from '@crossroads/api';
import { Inbox, RefreshCw, Send } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { ScrollablePre } from '../../ui/ScrollablePre.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { type StepNames, useStepNames } from '../shell/useStepNames.js';

/** Emails the journeys sent: list, and one message rendered in a sandboxed frame with its headers. */
export function MailboxView() {
  const api = useOperateApi();
  const [items, setItems] = useState<MessageEntry[] | null>(null);
  const [selected, setSelected] = useState<string | null>(() =>
    new URLSearchParams(location.search).get('message'),
  );
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.messages('limit=200').then(
      (r) => {
        setItems(r.items);
        setSelected((s) => s ?? r.items[0]?.id ?? null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api]);
  useEffect(load, [load]);
  const current = items?.find((m) => m.id === selected) ?? null;
  const pairs = useMemo(() => (items ?? []).map((m) => [m.workflowId, m.version] as const), [items]);
  const names = useStepNames(pairs);

  return (
    <main className="page__body mailbox" data-testid="mailbox">
      <section className="mailbox__list">
        <div className="op-panel__head">
          <h3>
            <Inbox size={16} /> Mailbox {items ? `(${items.length})` : ''}
          </h3>
          <button type="button" className="icon-btn" onClick={load} title="Refresh" aria-label="Refresh">
            <RefreshCw size={14} />
          </button>
        </div>
        {error && <div className="banner banner--error">{error}</div>}
        {items?.length === 0 && (
          <p className="muted">No emails yet. Activate a journey and send it some events.</p>
        )}
        <ul>
          {items?.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={`mailbox__item${m.id === selected ? ' is-on' : ''}`}
                onClick={() => setSelected(m.id)}
                data-testid="mailbox-item"
              >
                <span className="mailbox__subject">
                  {m.message?.subject ?? `Not rendered yet (${m.state})`}
                </span>
                <span className="muted">
                  {m.message?.to ?? m.contactId} · {formatWhen(m.sentAt ?? m.createdAt)}
                </span>
                <span className="muted" title={`Step id: ${m.nodeId}`}>
                  {names.journey(m.workflowId)} · {names.step(m.workflowId, m.version, m.nodeId)}
                </span>
                <span className={`pill pill--state-${m.state}`}>{m.state}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="mailbox__detail">
        {current ? (
          <MessageDetail entry={current} names={names} onResent={load} />
        ) : (
          <p className="muted">Select an email.</p>
        )}
      </section>
    </main>
  );
}

/** Emails the runtime never sends again by itself; a publisher may, after checking why. */
const RESENDABLE = new Set(['ambiguous', 'failed']);

function MessageDetail({
  entry,
  names,
  onResent,
}: {
  entry: MessageEntry;
  names: StepNames;
  onResent: () => void;
}) {
  const m = entry.message;
  const api = useOperateApi();
  const { canPublish } = useSession();
  const [resending, setResending] = useState<'idle' | 'busy' | string>('idle');
  const resend = () => {
    setResending('busy');
    api.resendMessage(entry.id).then(
      () => {
        setResending('idle');
        onResent();
      },
      (e: unknown) => setResending(messageOf(e)),
    );
  };
  return (
    <div data-testid="message-detail">
      <h2>{m?.subject ?? 'Not rendered yet'}</h2>
      {canPublish && RESENDABLE.has(entry.state) && (
        <div className="banner banner--warning" data-testid="resend">
          {entry.state === 'ambiguous'
            ? 'The SMTP server may or may not have this email (its delivery was interrupted), so it is not resent automatically.'
            : 'This email was not delivered.'}{' '}
          <button type="button" className="btn btn--small" onClick={resend} disabled={resending === 'busy'}>
            <Send size={14} /> Send again
          </button>
          {resending !== 'idle' && resending !== 'busy' && (
            <span className="banner--error"> {resending}</span>
          )}
        </div>
      )}
      <dl className="op-dl op-dl--inline">
        <div>
          <dt>From</dt>
          <dd>{m?.from ?? '—'}</dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>{m?.to ?? '—'}</dd>
        </div>
        <div>
          <dt>Contact</dt>
          <dd>
            <Link href={paths.contact(entry.contactId)}>{entry.contactId}</Link>
          </dd>
        </div>
        <div>
          <dt>Sent by</dt>
          <dd>
            <Link href={paths.version(entry.workflowId, entry.version)} title={`Step id: ${entry.nodeId}`}>
              “{names.step(entry.workflowId, entry.version, entry.nodeId)}” in{' '}
              {names.journey(entry.workflowId)} · v{entry.version}
            </Link>
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {entry.state}
            {m?.caughtAt ? ` · caught by the local SMTP catcher ${formatWhen(m.caughtAt)}` : ''}
            {entry.lastError ? ` · ${entry.lastError}` : ''}
          </dd>
        </div>
      </dl>
      {m?.html ? (
        // sandbox="" : no scripts, no same-origin, no forms: the email is shown, never run.
        <iframe className="mailbox__frame" title="Rendered email" sandbox="" srcDoc={m.html} />
      ) : (
        <ScrollablePre className="mailbox__text">{m?.text ?? ''}</ScrollablePre>
      )}
      {m && (
        <details>
          <summary>Headers</summary>
          <ScrollablePre className="mailbox__headers">
            {Object.entries(m.headers)
              .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join('\n')}
            {`\nMessage-ID: ${m.messageId}`}
          </ScrollablePre>
        </details>
      )}
    </div>
  );
}
