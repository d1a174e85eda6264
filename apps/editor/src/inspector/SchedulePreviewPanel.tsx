import type { SchedulePreview } from '@crossroads/api';
import { TriggerConfig } from '@crossroads/nodes';
import { useEffect, useState } from 'react';
import { useServices } from '../editor/services.js';
import { useEditor } from '../store/context.js';

const SLOT_FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
/** A run's local date and time ("Mon, 14 Dec 2026, 09:00"): slots carry no zone, so read as UTC. */
const formatSlot = (slot: string) => SLOT_FORMAT.format(new Date(`${slot}:00Z`));
const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

/**
 * Under a scheduled trigger's form: the next runs and how many contacts are in its segment now
 * (asked of the runtime as the form changes, debounced), and a warning when the journey lets each
 * contact in only once while the schedule repeats.
 */
export function SchedulePreviewPanel({ nodeId }: { nodeId: string }) {
  const config = useEditor((s) => s.graph.nodes.find((n) => n.id === nodeId)?.config);
  const timezone = useEditor((s) => s.graph.settings.timezone);
  const reentry = useEditor((s) => s.graph.settings.reentry);
  const { previewSchedule } = useServices();
  const [answer, setAnswer] = useState<SchedulePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const segment = typeof config?.segment === 'string' ? config.segment : '';
  // Parsed as the runtime will (an untouched schedule is its default: every day at 09:00).
  const trigger =
    config?.on === 'schedule' ? TriggerConfig.safeParse({ ...config, segment: segment || 'x' }) : null;
  const parsed =
    trigger?.success && trigger.data.on === 'schedule'
      ? ({ success: true, data: trigger.data.schedule } as const)
      : null;
  const key = parsed?.success ? JSON.stringify([segment, parsed.data, timezone]) : null;

  useEffect(() => {
    if (!key || !previewSchedule) return;
    // The key carries what is asked, so the effect runs once per change of any of them.
    const [asked, schedule, zone] = JSON.parse(key) as [string, unknown, string];
    if (!asked) return;
    let live = true;
    const timer = setTimeout(() => {
      previewSchedule({ segment: asked, schedule, timezone: zone }).then(
        (a) => {
          if (!live) return;
          setAnswer(a);
          setError(null);
        },
        (e: unknown) => {
          if (live) setError(e instanceof Error ? e.message : String(e));
        },
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, previewSchedule]);

  if (config?.on !== 'schedule' || !previewSchedule) return null;
  const repeats = parsed?.success && parsed.data.repeat !== 'once';
  return (
    <section
      className="inspector__section schedule-preview"
      data-testid="schedule-preview"
      aria-live="polite"
    >
      <h3 className="section-title">
        Next runs{parsed?.success && parsed.data.zone === 'contact' ? " (in each contact's time zone)" : ''}
      </h3>
      {!segment && <p className="muted">Pick the segment whose contacts enter at each run.</p>}
      {error && <p className="is-bad">{error}</p>}
      {answer && segment && (
        <>
          {answer.runs.length === 0 ? (
            <p>This time has passed: the journey would not run.</p>
          ) : (
            <ol data-testid="schedule-runs">
              {answer.runs.map((r) => (
                <li key={r.slot}>{formatSlot(r.slot)}</li>
              ))}
            </ol>
          )}
          <p data-testid="schedule-count">
            {answer.segmentFound
              ? `${plural(answer.contacts, 'contact')} in '${answer.segment}' now: they would enter at a run now.`
              : `There is no segment named '${answer.segment}'.`}
          </p>
          {repeats && reentry === 'once' && (
            <p className="muted" data-testid="schedule-reentry">
              Re-entry is set to once (in Settings): each contact enters at most once, so later runs only take
              contacts new to the segment.
            </p>
          )}
        </>
      )}
    </section>
  );
}
