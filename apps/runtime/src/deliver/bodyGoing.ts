import type { Sql } from '../db/connect.js';

interface Waiting {
  id: string;
  attempts: number;
  resolve(): void;
  reject(error: Error): void;
}

const queues = new WeakMap<Sql, Waiting[]>();

/**
 * Records that an email's body is about to go to the SMTP server (`effects.smtp_data_at`, migration
 * 100), as the claim that sends it: the row must still be `sending` with this attempt. Resolves once
 * committed; rejects when the claim is no longer this delivery's or the database does not answer,
 * and then the body does not go (see `deliver`'s `beforeBody`). Marks asked for in the same turn of
 * the event loop (a chunk of emails reaching DATA together) are one statement.
 *
 * @example
 * await deliver(transport, message, { pool, beforeBody: () => markBodyGoing(sql, effectId, attempts) });
 */
export function markBodyGoing(sql: Sql, id: string, attempts: number): Promise<void> {
  let queue = queues.get(sql);
  if (!queue) {
    queue = [];
    queues.set(sql, queue);
  }
  if (queue.length === 0) setImmediate(() => flush(sql));
  return new Promise((resolve, reject) => queue.push({ id, attempts, resolve, reject }));
}

async function flush(sql: Sql): Promise<void> {
  const batch = queues.get(sql)?.splice(0) ?? [];
  if (batch.length === 0) return;
  try {
    // `id = any(…)` with the attempt as a filter, not a join with unnest: planned once for a table
    // of a few pages (a new database), the join stayed a sequential scan as the ledger grew.
    const ids = batch.map((w) => w.id);
    const marked = await sql<{ id: string }[]>`
      update effects f set smtp_data_at = clock_timestamp(), updated_at = now()
      where f.id = any(${ids}::bigint[]) and f.state = 'sending'
        and f.attempts = (${batch.map((w) => w.attempts)}::int[])[array_position(${ids}::bigint[], f.id)]
      returning f.id`;
    const done = new Set(marked.map((row) => String(row.id)));
    for (const w of batch) {
      if (done.has(w.id)) w.resolve();
      else w.reject(new Error(`email ${w.id} is no longer claimed by this delivery (attempt ${w.attempts})`));
    }
  } catch (error) {
    for (const w of batch) w.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
