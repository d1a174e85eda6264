import { humanDuration } from '../shared/duration.js';
import { type WaitConfig, WEEKDAYS, type Weekday } from './config.js';

const SHORT: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "Mon–Fri", "Mon, Wed, Fri", "every day": runs of three or more days collapse to a range. */
export function formatDays(days: readonly Weekday[]): string {
  const sorted = WEEKDAYS.filter((day) => days.includes(day));
  if (sorted.length === 7) return 'every day';
  const runs: Weekday[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && WEEKDAYS.indexOf(day) === WEEKDAYS.indexOf(last) + 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [`${SHORT[run[0] as Weekday]}–${SHORT[run.at(-1) as Weekday]}`]
        : run.map((d) => SHORT[d]),
    )
    .join(', ');
}

/** One line for the canvas: "Wait 3 days", "Wait until Mon–Fri 09:00–17:00", "Wait up to 2 days for email.opened". */
export function summarizeWait(config: WaitConfig): string {
  switch (config.mode) {
    case 'duration':
      return `Wait ${humanDuration(config.duration)}`;
    case 'until':
      return `Wait until ${formatDays(config.days)} ${config.start}–${config.end}`;
    case 'event':
      return `Wait up to ${humanDuration(config.timeout)} for ${config.event}`;
  }
}
