import { isDatabaseUnavailable } from '../http/problem.js';

/** Waits between tries while the database is unavailable (~60 s in all, longer than a restart). */
const RETRIES_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000];

/**
 * Runs `write` (the ledger update after an SMTP server or a CRM answered) until the database takes
 * it. What the other side said must reach the ledger even if the database blinks at that moment:
 * otherwise a sent email is later found `sending` and called ambiguous, and a delivered handoff is
 * posted again. Other errors are thrown at once.
 *
 * @example
 * return recordOutcome(() => sql`update effects set state = 'sent' where id = ${id}`.then(() => 'sent'));
 */
export async function recordOutcome<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const wait = RETRIES_MS[attempt];
      if (wait === undefined || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
