/** Connection and server codes that mean "the database is unavailable", not "the query failed". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  // postgres.js: the socket closed, the pool is ending, or a connect got no answer in time.
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // Postgres: admin/immediate shutdown, crash of another backend, starting up, connection failure.
  '57P01',
  '57P02',
  '57P03',
  '08006',
]);

/**
 * Whether an error says the database is not there right now (a restart, a failover, a dropped
 * connection) rather than that the statement was wrong. The API answers 503 with Retry-After; jobs
 * and deliveries wait and try again (untilDatabaseAnswers, the worker's outage retries).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}
