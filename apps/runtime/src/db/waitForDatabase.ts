import type { Logger } from '../logger.js';
import type { Sql } from './connect.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** At start, also worth waiting for: the database host is not resolvable or reachable yet. */
const NOT_YET_THERE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Where a database URL points, without credentials: `db.example.com:5432/crossroads`. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the database';
  }
}

const why = (error: unknown) => {
  const e = error as { code?: unknown; message?: unknown };
  return `${typeof e?.code === 'string' ? `${e.code}: ` : ''}${String(e?.message ?? error)}`;
};

export interface WaitOptions {
  logger: Logger;
  /** Where the database is, for the log line (describeDatabase). */
  where: string;
  /** Told why the database is not there yet (for /readyz while the runtime starts). */
  onWaiting?: (reason: string) => void;
  /** Stops waiting (the runtime is being stopped); the promise then rejects. */
  signal?: AbortSignal;
}

/**
 * Returns once the database answers `select 1`. While it does not (a runtime started before
 * Postgres, a restart), it logs why once, then every 10 s, and keeps trying (250 ms doubling to
 * 2 s). An error that waiting cannot fix (a wrong password, no such database) is thrown.
 *
 * @example
 * await waitForDatabase(sql, { logger, where: describeDatabase(url) });
 */
export async function waitForDatabase(sql: Sql, options: WaitOptions): Promise<void> {
  const started = performance.now();
  let lastLog = -Infinity;
  for (let attempt = 0; ; attempt++) {
    try {
      await sql`select 1`;
      if (attempt > 0)
        options.logger.info(
          { database: options.where, waitedSeconds: Math.round((performance.now() - started) / 1000) },
          'the database answers; starting',
        );
      return;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (!isDatabaseUnavailable(error) && !(typeof code === 'string' && NOT_YET_THERE.has(code)))
        throw error;
      const reason = `Waiting for the database (${options.where}): ${why(error)}`;
      options.onWaiting?.(reason);
      if (performance.now() - lastLog >= 10_000) {
        lastLog = performance.now();
        options.logger.warn(
          {
            database: options.where,
            code,
            waitingSeconds: Math.round((performance.now() - started) / 1000),
          },
          `waiting for PostgreSQL at ${options.where} (${why(error)}); /readyz answers 503 until it is up`,
        );
      }
    }
    if (options.signal?.aborted) throw new Error('stopped while waiting for the database');
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** attempt)));
  }
}
