import { isDatabaseUnavailable } from './unavailable.js';

/** Waits between tries while the database is unavailable (~60 s in all, longer than a restart). */
const RETRIES_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000];

/**
 * Runs `work` again while it fails because the database is unavailable (a restart, a failover).
 * Used where giving up costs more than waiting: recording what an SMTP server or a CRM answered
 * (otherwise a sent email is later found `sending` and called ambiguous, and a delivered handoff is
 * posted again), and delivering what a walk just committed (otherwise it waits for the stranded
 * sweep). `work` must be safe to run again. Other errors are thrown at once.
 *
 * @example
 * return untilDatabaseAnswers(() => sql`update effects set state = 'sent' where id = ${id}`.then(() => 'sent'));
 */
export async function untilDatabaseAnswers<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const wait = RETRIES_MS[attempt];
      if (wait === undefined || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
