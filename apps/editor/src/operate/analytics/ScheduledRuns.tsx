import type { ScheduledRun } from '@crossroads/api';
import { CalendarClock } from 'lucide-react';
import { useCallback, useState } from 'react';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { usePolling } from './usePolling.js';

const SLOT_FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
/** A run's local date and time: slots carry no zone, so they are read as written. */
const when = (slot: string) => SLOT_FORMAT.format(new Date(`${slot}:00Z`));
const STATES: Record<ScheduledRun['state'], string> = {
  planned: 'Planned',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
};

/**
 * A scheduled journey's runs, newest first: when each ran (or will), how many contacts of the
 * segment it reached and enrolled, and why one was skipped. Auditors see every broadcast here.
 */
export function ScheduledRuns({ workflowId }: { workflowId: string }) {
  const api = useOperateApi();
  const [runs, setRuns] = useState<ScheduledRun[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setRuns((await api.scheduledRuns(workflowId)).items);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, workflowId]);
  usePolling(refresh, 10_000);
  if (error) return <div className="banner banner--error">{error}</div>;
  if (!runs) return null;
  return (
    <section className="sales-outcomes" data-testid="scheduled-runs" aria-labelledby="scheduled-runs-title">
      <h4 id="scheduled-runs-title">
        <CalendarClock size={14} aria-hidden="true" /> Scheduled runs
      </h4>
      {runs.length === 0 ? (
        <p className="muted">No run planned yet: the next one is planned within seconds of going live.</p>
      ) : (
        <table className="table op-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Contacts reached</th>
              <th scope="col">Enrolled</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={`${r.version}:${r.slot}`}>
                <td>{when(r.slot)}</td>
                <td>v{r.version}</td>
                <td>
                  {STATES[r.state]}
                  {r.note ? `: ${r.note}` : ''}
                </td>
                <td>{r.contacts.toLocaleString('en')}</td>
                <td>{r.enrolled.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
