import type { JourneyPriorities } from '@crossroads/api';
import { useEffect, useState } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { messageOf } from '../ui/errorMessage.js';
import '../priorities/priorities.css';

const NONE = '';
const NEW = '\u0000new';

/**
 * The journey's place among the others: priority, exclusive group, pre-empt. Settings of the
 * journey, not of a version: saved at once (with a reason for the audit log), no publish.
 */
export function PrioritySection({ workflowId }: { workflowId: string }) {
  const { api, canPublish } = useSession();
  const [view, setView] = useState<JourneyPriorities | null>(null);
  const [priority, setPriority] = useState('1');
  const [group, setGroup] = useState(NONE);
  const [newGroup, setNewGroup] = useState('');
  const [preempt, setPreempt] = useState(false);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([api.journeyPriority(workflowId), api.journeyPriorities()])
      .then(([mine, all]) => {
        if (!live) return;
        setView(all);
        setPriority(String(mine.priority));
        setGroup(mine.group ?? NONE);
        setPreempt(mine.preempt);
      })
      .catch((error: unknown) => live && setStatus({ ok: false, text: messageOf(error) }));
    return () => {
      live = false;
    };
  }, [api, workflowId]);

  const groups = (view?.groups ?? []).flatMap((g) => (g.name === null ? [] : [g.name]));
  const groupName = group === NEW ? newGroup.trim() : group;
  const members =
    view?.groups
      .find((g) => g.name !== null && g.name === groupName)
      ?.journeys.filter((j) => j.id !== workflowId) ?? [];

  const save = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const saved = await api.setJourneyPriority(workflowId, {
        priority: Number(priority),
        group: groupName === '' ? null : groupName,
        preempt: groupName === '' ? false : preempt,
        reason,
      });
      setView(await api.journeyPriorities());
      setGroup(saved.group ?? NONE);
      setNewGroup('');
      setReason('');
      setStatus({
        ok: true,
        text: saved.group
          ? `Saved: priority ${saved.priority} in '${saved.group}'.`
          : `Saved: priority ${saved.priority}, in no exclusive group.`,
      });
    } catch (error) {
      setStatus({ ok: false, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const locked = !canPublish || busy;
  return (
    <section className="inspector__section" aria-labelledby="priority-heading" data-testid="priority-section">
      <h3 id="priority-heading">Priority among journeys</h3>
      <p className="muted">
        Applies to new enrolments as soon as you save it; no publish needed. Contacts already in a journey
        stay there.
      </p>
      {!canPublish && <p className="muted">Only publishers and admins can change this.</p>}
      <div className="field">
        <label className="field__label" htmlFor="priority-group">
          Exclusive group
        </label>
        <select
          id="priority-group"
          value={group}
          disabled={locked}
          onChange={(e) => setGroup(e.target.value)}
          aria-describedby="priority-group-help"
        >
          <option value={NONE}>Not in a group</option>
          {groups.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          <option value={NEW}>New group…</option>
        </select>
        <p className="field__help muted" id="priority-group-help">
          A contact is in at most one journey of a group at a time.
        </p>
      </div>
      {group === NEW && (
        <div className="field">
          <label className="field__label" htmlFor="priority-new-group">
            Name of the new group
          </label>
          <input
            id="priority-new-group"
            value={newGroup}
            maxLength={60}
            disabled={locked}
            placeholder="e.g. Lifecycle emails"
            onChange={(e) => setNewGroup(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label className="field__label" htmlFor="priority-number">
          Priority
        </label>
        <input
          id="priority-number"
          type="number"
          min={1}
          max={999}
          step={1}
          value={priority}
          disabled={locked}
          onChange={(e) => setPriority(e.target.value)}
          aria-describedby="priority-number-help"
        />
        <p className="field__help muted" id="priority-number-help">
          1 is the highest. When one event qualifies a contact for several journeys of the group, the highest
          priority enrols them.
        </p>
      </div>
      {groupName !== '' && (
        <div className="field">
          <label className="field__check">
            <input
              type="checkbox"
              checked={preempt}
              disabled={locked}
              onChange={(e) => setPreempt(e.target.checked)}
            />{' '}
            Take contacts over from lower-priority journeys of '{groupName}'
          </label>
          <p className="field__help muted">
            {preempt
              ? `A contact in a lower-priority journey of '${groupName}' leaves it when this journey enrols them.`
              : `A contact already in another journey of '${groupName}' stays there and is not enrolled here.`}
          </p>
        </div>
      )}
      {members.length > 0 && (
        <p className="muted" data-testid="priority-members">
          Also in '{groupName}': {members.map((j) => `${j.name} (priority ${j.priority})`).join(', ')}.
        </p>
      )}
      <div className="field">
        <label className="field__label" htmlFor="priority-reason">
          Why are you changing it? (for the audit log)
        </label>
        <input
          id="priority-reason"
          value={reason}
          disabled={locked}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <div className="prio-save">
        <button
          type="button"
          className="btn"
          disabled={locked || reason.trim() === '' || (group === NEW && newGroup.trim() === '')}
          onClick={save}
        >
          Save priority
        </button>
        <Link href={paths.priorities()}>All priorities</Link>
      </div>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'prio-error'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
