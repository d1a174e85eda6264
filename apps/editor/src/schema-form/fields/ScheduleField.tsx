import { describeSchedule, Schedule } from '@crossroads/nodes';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import {
  DAYS,
  type Day,
  REPEATS,
  type Repeat,
  readSchedule,
  type ScheduleDraft,
  switchRepeat,
  toggleDay,
  withOnceParts,
} from '../schedule/scheduleEdits.js';

/**
 * When a scheduled trigger runs, in words: "How often" (once, every day/week/month, or an advanced
 * cron expression), the date or days and the time, and whose time zone. Stores the schedule object
 * the trigger's config expects; nobody has to type cron unless they pick "Advanced".
 */
export function ScheduleField({ value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const draft = readSchedule(value);
  const set = (next: ScheduleDraft) => onChange(next);
  const parsed = Schedule.safeParse(draft);
  const base = id ?? 'schedule';
  return (
    <div className="schedule" data-testid="schedule-field">
      <div className="schedule__row">
        <select
          id={id}
          aria-label="How often"
          value={draft.repeat}
          disabled={readOnly}
          onChange={(e) => set(switchRepeat(draft, e.target.value as Repeat))}
        >
          {REPEATS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      {draft.repeat === 'once' && (
        <div className="schedule__row">
          <label htmlFor={`${base}-date`}>On</label>
          <input
            id={`${base}-date`}
            type="date"
            value={draft.at?.slice(0, 10) ?? ''}
            readOnly={readOnly}
            onChange={(e) => set(withOnceParts(draft, { date: e.target.value }))}
          />
          <label htmlFor={`${base}-once-time`}>at</label>
          <input
            id={`${base}-once-time`}
            type="time"
            value={draft.at?.slice(11, 16) ?? ''}
            readOnly={readOnly}
            onChange={(e) => set(withOnceParts(draft, { time: e.target.value }))}
          />
        </div>
      )}
      {draft.repeat === 'weekly' && (
        <fieldset className="schedule__days">
          <legend>On</legend>
          {DAYS.map((d) => (
            <label key={d.value} className="chip chip--small">
              <input
                type="checkbox"
                checked={draft.days?.includes(d.value as Day) ?? false}
                disabled={readOnly}
                onChange={() => set(toggleDay(draft, d.value))}
              />{' '}
              {d.label}
            </label>
          ))}
        </fieldset>
      )}
      {draft.repeat === 'monthly' && (
        <div className="schedule__row">
          <label htmlFor={`${base}-day`}>On day</label>
          <input
            id={`${base}-day`}
            type="number"
            min={1}
            max={31}
            step={1}
            value={draft.day ?? ''}
            readOnly={readOnly}
            onChange={(e) => set({ ...draft, day: Number(e.target.value) })}
          />
          <span className="muted">of the month (months without it are skipped)</span>
        </div>
      )}
      {(draft.repeat === 'daily' || draft.repeat === 'weekly' || draft.repeat === 'monthly') && (
        <div className="schedule__row">
          <label htmlFor={`${base}-time`}>At</label>
          <input
            id={`${base}-time`}
            type="time"
            value={draft.time ?? ''}
            readOnly={readOnly}
            onChange={(e) => set({ ...draft, time: e.target.value })}
          />
        </div>
      )}
      {draft.repeat === 'cron' && (
        <div className="schedule__row">
          <label htmlFor={`${base}-cron`}>Cron expression</label>
          <input
            id={`${base}-cron`}
            value={draft.cron ?? ''}
            readOnly={readOnly}
            spellCheck={false}
            placeholder="0 9 * * MON"
            aria-describedby={`${base}-cron-help`}
            onChange={(e) => set({ ...draft, cron: e.target.value })}
          />
          <span id={`${base}-cron-help`} className="muted">
            minute hour day-of-month month day-of-week
          </span>
        </div>
      )}
      <fieldset className="schedule__zone">
        <legend>Time zone</legend>
        <label>
          <input
            type="radio"
            name={`${base}-zone`}
            checked={draft.zone === 'journey'}
            disabled={readOnly}
            onChange={() => set({ ...draft, zone: 'journey' })}
          />{' '}
          The journey's time zone (in Settings)
        </label>
        <label>
          <input
            type="radio"
            name={`${base}-zone`}
            checked={draft.zone === 'contact'}
            disabled={readOnly}
            onChange={() => set({ ...draft, zone: 'contact' })}
          />{' '}
          Each contact's own time zone
        </label>
      </fieldset>
      <p
        className={parsed.success ? 'schedule__words' : 'schedule__words is-bad'}
        data-testid="schedule-words"
      >
        {parsed.success ? describeSchedule(parsed.data) : (parsed.error.issues[0]?.message ?? 'Incomplete')}
      </p>
    </div>
  );
}
