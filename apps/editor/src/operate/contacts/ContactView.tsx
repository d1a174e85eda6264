import type { ContactDetail, MessageEntry, Suppression, TraceStep } from '@crossroads/api';
import { ShieldAlert, Trash2, UserRound } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, navigate, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { useStepNames } from '../shell/useStepNames.js';
import { EraseDialog } from './EraseDialog.js';
import { RetryStep } from './RetryStep.js';
import { retryingWords } from './retryWords.js';
import { TraceTable } from './TraceTable.js';
import { traceJourneys } from './traceRows.js';

interface Loaded {
  contact: ContactDetail;
  trace: TraceStep[];
  engagement: Record<string, unknown> | null;
  suppressions: Suppression[] | null;
  messages: MessageEntry[];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** 'last_open_at' → 'Last open'; 'opens_7d' → 'Opens, last 7 days'. */
export function engagementLabel(key: string): string {
  const last = /^last_(.+)_at$/.exec(key);
  if (last) return `Last ${last[1]?.replace(/_/g, ' ')}`;
  const window = /^(.+)_(\d+)d$/.exec(key);
  if (window)
    return `${window[1]?.charAt(0).toUpperCase()}${window[1]?.slice(1).replace(/_/g, ' ')}, last ${window[2]} days`;
  return key.replace(/_/g, ' ');
}

/** One contact: attributes, engagement, suppression, journeys with the explained trace, erase. */
export function ContactView({ id }: { id: string }) {
  const api = useOperateApi();
  const { me } = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [erasing, setErasing] = useState(false);
  // Bumped to load the contact again: after a retry, and every few seconds while a step retries.
  const [reloads, setReloads] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads asks for a fresh read
  useEffect(() => {
    let live = true;
    const optional = <T,>(p: Promise<T>) => p.catch(() => null);
    Promise.all([
      api.contact(id),
      api.trace(id),
      optional(api.engagement(id)),
      optional(api.suppressions(id)),
      optional(api.messages(`contactId=${encodeURIComponent(id)}&limit=50`)),
    ]).then(
      ([contact, trace, engagement, suppressions, messages]) =>
        live &&
        setLoaded({
          contact,
          trace: trace.items,
          engagement,
          suppressions: suppressions?.items ?? null,
          messages: messages?.items ?? [],
        }),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, id, reloads]);
  const retrying = loaded?.contact.enrollments.filter((e) => e.retrying) ?? [];
  useEffect(() => {
    if (retrying.length === 0) return;
    const timer = setTimeout(() => setReloads((n) => n + 1), 5_000);
    return () => clearTimeout(timer);
  });
  const pairs = useMemo(
    () => [
      ...(loaded?.contact.enrollments ?? []).map((e) => [e.workflowId, e.version] as const),
      ...(loaded?.messages ?? []).map((m) => [m.workflowId, m.version] as const),
    ],
    [loaded],
  );
  const names = useStepNames(pairs);
  const journeys = useMemo(() => traceJourneys(loaded?.trace ?? [], names), [loaded, names]);
  // Since when a contact is where it is: its enrollment's newest trace step.
  const since = useMemo(() => {
    const at = new Map<string, string>();
    for (const step of loaded?.trace ?? []) if (step.enrollmentId) at.set(step.enrollmentId, step.at);
    return at;
  }, [loaded]);

  if (error) {
    return (
      <main className="page__body empty-state">
        <UserRound size={32} />
        <h2>Contact {id}</h2>
        <p className="muted">{error}</p>
      </main>
    );
  }
  if (!loaded) return <main className="page__body muted">Loading…</main>;
  const { contact, engagement, suppressions, messages } = loaded;
  const suppressed = suppressions && suppressions.length > 0;
  return (
    <main className="page__body op-page" data-testid="contact-page">
      <div className="list-page__head">
        <div>
          <h1>
            <UserRound size={22} /> {contact.id}
          </h1>
          <p className="muted">
            First seen {formatWhen(contact.createdAt)} · updated {formatWhen(contact.updatedAt)}
          </p>
        </div>
        {me.role === 'admin' && (
          <button
            type="button"
            className="btn btn--danger"
            onClick={() => setErasing(true)}
            data-testid="erase"
          >
            <Trash2 size={15} /> Erase personal data
          </button>
        )}
      </div>
      <div className="op-cards">
        <section className="op-card">
          <h3>Attributes</h3>
          <dl className="op-dl">
            {Object.entries(contact.attributes).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{show(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="op-card">
          <h3>Engagement</h3>
          {engagement ? (
            <dl className="op-dl">
              {Object.entries(engagement)
                .filter(([, v]) => v !== null && typeof v !== 'object')
                .map(([k, v]) => (
                  <div key={k}>
                    <dt>{engagementLabel(k)}</dt>
                    <dd>{typeof v === 'string' && v.includes('T') ? formatWhen(v) : show(v)}</dd>
                  </div>
                ))}
            </dl>
          ) : (
            <p className="muted">Not available.</p>
          )}
        </section>
        <section className="op-card" data-testid="suppression">
          <h3>Suppression</h3>
          {suppressions === null ? (
            <p className="muted">Not available.</p>
          ) : suppressed ? (
            suppressions.map((s) => (
              <p key={s.id} className="op-warn">
                <ShieldAlert size={14} /> Suppressed: {s.reason} ({s.source}) {formatWhen(s.at)}
              </p>
            ))
          ) : (
            <p>Not suppressed: marketing email may be sent.</p>
          )}
        </section>
      </div>
      <section className="op-card">
        <h3>Journeys</h3>
        <table className="table op-table" data-testid="enrollments">
          <thead>
            <tr>
              <th>Journey</th>
              <th>Version</th>
              <th>State</th>
              <th>Where</th>
              <th>Since</th>
              <th>Started</th>
              <th>Ended</th>
            </tr>
          </thead>
          <tbody>
            {contact.enrollments.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link href={paths.workflow(e.workflowId)}>{names.journey(e.workflowId)}</Link>
                </td>
                <td>
                  <Link href={paths.version(e.workflowId, e.version)}>v{e.version}</Link>
                </td>
                <td>
                  <span className={`pill pill--state-${e.state}`}>{e.retrying ? 'retrying' : e.state}</span>
                  <RetryStep enrollment={e} onRetried={() => setReloads((n) => n + 1)} />
                </td>
                <td title={`Step id: ${e.nodeId}`}>
                  {/* A retrying walk is not written yet: the step it retries is where the contact is. */}
                  {names.step(e.workflowId, e.version, e.retrying?.nodeId ?? e.nodeId)}
                  {e.waitEvent ? ` · waiting for ${e.waitEvent}` : ''}
                  {e.waitUntil ? ` until ${formatWhen(e.waitUntil)}` : ''}
                </td>
                <td className="muted">{formatWhen(since.get(e.id) ?? e.startedAt)}</td>
                <td className="muted">{formatWhen(e.startedAt)}</td>
                <td className="muted">{e.endedAt ? formatWhen(e.endedAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="op-card" data-testid="trace">
        <h3>Trace: every step, and why</h3>
        {/* Named once the versions' graphs are in, like the steps below. */}
        {names.ready &&
          retrying.map((e) => (
            <p key={e.id} className="banner banner--warning" data-testid={`retrying-${e.id}`}>
              {names.journey(e.workflowId)}:{' '}
              {retryingWords(
                e.retrying!,
                names.step(e.workflowId, e.version, e.retrying!.nodeId ?? e.nodeId),
              )}
            </p>
          ))}
        {journeys.length === 0 && retrying.length === 0 && <p className="muted">No journey steps yet.</p>}
        {/* Steps are named once their versions' graphs are in: never a flash of ids. */}
        {(journeys.length > 0 || retrying.length > 0) && !names.ready && (
          <p className="muted">Loading the steps…</p>
        )}
        {names.ready && journeys.map((j) => <TraceTable key={j.enrollmentId} journey={j} />)}
      </section>
      <section className="op-card">
        <h3>Emails ({messages.length})</h3>
        <ul className="op-list">
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/mailbox?message=${m.id}`}>
                {m.message?.subject ?? `Not rendered yet (${m.state})`}
              </Link>{' '}
              <span className="muted" title={`Step id: ${m.nodeId}`}>
                from “{names.step(m.workflowId, m.version, m.nodeId)}” in {names.journey(m.workflowId)} v
                {m.version} · {m.state} · {formatWhen(m.sentAt ?? m.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {erasing && (
        <EraseDialog
          contactId={contact.id}
          onClose={() => setErasing(false)}
          onErase={async () => {
            await api.erase(contact.id);
            navigate(paths.list());
          }}
        />
      )}
    </main>
  );
}
