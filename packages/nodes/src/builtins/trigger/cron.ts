import { Cron } from 'croner';

/** Runs closer together than this are refused: each run reads the whole segment. */
export const MIN_INTERVAL_MINUTES = 15;

/**
 * What is wrong with a cron expression, in words, or null: five fields, one croner understands,
 * that runs at all and not more often than every 15 minutes.
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return 'use five fields: minute hour day-of-month month day-of-week';
  let runs: Date[];
  try {
    runs = new Cron(expression, { timezone: 'UTC' }).nextRuns(6, new Date(Date.UTC(2026, 0, 1)));
  } catch (error) {
    return `not a cron expression croner understands (${(error as Error).message})`;
  }
  if (runs.length === 0) return 'this expression never runs';
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_INTERVAL_MINUTES * 60_000) {
      return `runs must be at least ${MIN_INTERVAL_MINUTES} minutes apart`;
    }
  }
  return null;
}
