import type { JourneyPriorities } from '@crossroads/api';
import { ArrowDown, ArrowUp, GripVertical, ListOrdered } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { contactsWord, moveItem, overlapSentence } from '../priorities/order.js';
import { messageOf } from '../ui/errorMessage.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../priorities/priorities.css';

type Group = JourneyPriorities['groups'][number];

/** `/priorities`: exclusive groups, their journeys in priority order, and how much they overlap. */
export function PrioritiesPage() {
  const { api } = useSession();
  const [view, setView] = useState<JourneyPriorities | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.journeyPriorities().then(setView, (e: unknown) => setError(messageOf(e)));
  }, [api]);
  useEffect(load, [load]);
  const groups = view?.groups.filter((g) => g.name !== null) ?? [];
  const loose = view?.groups.find((g) => g.name === null);

  return (
    <div className="page">
      <TopBar>
        <OperateNav current="priorities" />
      </TopBar>
      <main className="page__body list-page" data-testid="priorities-page">
        <div className="list-page__head">
          <div>
            <h1>Priorities</h1>
            <p className="muted">
              Journeys in an exclusive group never hold the same contact at once. When one event qualifies a
              contact for several of them, the one higher in the list enrols it.
            </p>
          </div>
        </div>
        {error && <div className="banner banner--error">{error}</div>}
        {view && groups.length === 0 && (
          <div className="empty-state">
            <ListOrdered size={32} aria-hidden="true" />
            <h2>No exclusive groups yet</h2>
            <p className="muted">Open a journey, then Journey settings, and pick or create a group.</p>
          </div>
        )}
        {groups.map((group) => (
          <GroupOrder key={group.name} group={group} onSaved={setView} />
        ))}
        {loose && loose.journeys.length > 0 && (
          <section className="prio-group" aria-labelledby="prio-loose">
            <h2 id="prio-loose">Not in a group</h2>
            <p className="muted">
              These journeys enrol every contact their trigger accepts, whatever else they are in.
            </p>
            <ul className="prio-list">
              {loose.journeys.map((j) => (
                <li key={j.id} className="prio-row">
                  <Link href={paths.workflow(j.id)}>{j.name}</Link>
                  <span className="muted">
                    {j.status} · {contactsWord(j.qualified)} qualified in the last 30 days
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}

/** One group: its journeys in order (drag, or the up/down buttons), saved with a reason. */
function GroupOrder({ group, onSaved }: { group: Group; onSaved: (view: JourneyPriorities) => void }) {
  const { api, canPublish } = useSession();
  const [order, setOrder] = useState(group.journeys);
  const [dragging, setDragging] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setOrder(group.journeys), [group.journeys]);
  const changed = order.some((j, i) => j.id !== group.journeys[i]?.id);
  const nameOf = (id: string) => `'${group.journeys.find((j) => j.id === id)?.name ?? 'a journey'}'`;
  // The higher-priority journey of a pair first, as the list reads.
  const rank = (id: string) => group.journeys.findIndex((j) => j.id === id);
  const inOrder = (a: string, b: string): [string, string] =>
    rank(a) <= rank(b) ? [nameOf(a), nameOf(b)] : [nameOf(b), nameOf(a)];
  const headingId = `prio-${group.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const move = (from: number, to: number) => {
    setOrder((list) => moveItem(list, from, to));
    setStatus(null);
  };

  const save = async () => {
    try {
      const view = await api.setGroupOrder({
        group: group.name ?? '',
        journeys: order.map((j) => j.id),
        reason,
      });
      setReason('');
      setStatus({ ok: true, text: 'Order saved. It applies to the next events.' });
      onSaved(view);
    } catch (error) {
      setStatus({ ok: false, text: messageOf(error) });
    }
  };

  return (
    <section className="prio-group" aria-labelledby={headingId} data-testid="priority-group">
      <h2 id={headingId}>{group.name}</h2>
      <ol className="prio-list" aria-label={`Journeys of ${group.name}, highest priority first`}>
        {order.map((j, index) => (
          <li
            key={j.id}
            className={`prio-row${dragging === index ? ' is-dragging' : ''}`}
            draggable={canPublish}
            onDragStart={() => setDragging(index)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragging !== null) move(dragging, index);
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
            data-testid="priority-row"
          >
            {canPublish && <GripVertical size={14} aria-hidden="true" className="prio-grip" />}
            <span className="prio-rank">{index + 1}</span>
            <Link href={paths.workflow(j.id)}>{j.name}</Link>
            <span className="muted">
              {j.status} · {contactsWord(j.qualified)} qualified in the last 30 days
              {j.preempt ? ' · takes contacts over from journeys below it' : ''}
            </span>
            {canPublish && (
              <span className="prio-moves">
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Move ${j.name} up`}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  <ArrowUp size={14} aria-hidden="true" />
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Move ${j.name} down`}
                  disabled={index === order.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <ArrowDown size={14} aria-hidden="true" />
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {group.overlaps.length > 0 ? (
        <ul className="prio-overlaps" data-testid="priority-overlaps">
          {group.overlaps.map((o) => (
            <li key={`${o.a}:${o.b}`}>{overlapSentence(...inOrder(o.a, o.b), o.contacts)}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No contact qualified for two of these journeys in the last 30 days.</p>
      )}
      {canPublish && changed && (
        <div className="prio-save">
          <label className="field__label" htmlFor={`${headingId}-reason`}>
            Why this order? (for the audit log)
          </label>
          <input id={`${headingId}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" className="btn btn--primary" disabled={reason.trim() === ''} onClick={save}>
            Save order
          </button>
          <button type="button" className="btn" onClick={() => setOrder(group.journeys)}>
            Undo changes
          </button>
        </div>
      )}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'prio-error'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
