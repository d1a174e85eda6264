import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;
/** A pool or an open transaction: writes that must commit with the caller's change take either. */
export type Queryable = Sql | TransactionSql;

/** Seconds before reconnect attempt `retries` of a connection (postgres.js counts failures per pool). */
export function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.02 * 2 ** retries, 0.25);
}

/**
 * Opens a postgres.js pool. Column names come back camelCased (`workspace_id` → `workspaceId`);
 * JSON values come back exactly as stored (`postgres.camel` would also rename keys inside jsonb,
 * turning a contact's `lead_score` into `leadScore`).
 *
 * Reconnects are quick and capped at 250 ms: postgres.js' default backoff grows with every failed
 * connect of the whole pool (3^n / 100 s, up to 20 s) and never shrinks while the server is down,
 * so after a few seconds of a Postgres restart every query waited 10–20 s for a connection
 * attempt (requests hung; jobs stalled past their retries). A refused connection is cheap, and the
 * caller gets the error at once (503 for the API, a retry inside the job for the worker).
 */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    backoff: reconnectDelaySeconds,
    // A server that accepts the connection but never answers (default 30 s) is as good as down.
    connect_timeout: 5,
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    connection: { application_name: 'crossroads' },
  });
}
